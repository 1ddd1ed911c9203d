import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { addDays } from '../../src/modules/sponsorships/sponsorship-rules';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(90_000);

const EMPLOYER = '/organisation/demi-journees';
const COORDINATION = '/coordination/demi-journees';
const DETAIL = (base: string) => new RegExp(`^${base}/[0-9a-f-]{36}$`);
const TITLE = 'Découvrir le centre pénitentiaire de Vivonne';
const ATTENDEE = { fullName: 'Jeanne Témoin', birthDate: '1980-02-03', documentNumber: '12AB34567' };

describe('an employer registers for an awareness half-day; the coordinator sees them in the export (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let employerContext: BrowserContext | undefined;
  let coordinatorContext: BrowserContext | undefined;
  let employerPage: Page;
  let coordinatorPage: Page;
  let employerProblems: string[];
  let coordinatorProblems: string[];
  let employerEmail: string;
  let coordinatorEmail: string;
  let dayId: string;
  const dayDate = addDays(parisDate(new Date()), 40);

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const organiser = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    coordinatorEmail = (await createUser(t.dataSource, { role: Role.Coordinator, organisationId: organiser.id, displayName: 'Claude Coordinatrice' })).email;
    const company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, name: 'Boulangerie du Clain' });
    employerEmail = (await createUser(t.dataSource, { role: Role.Employer, organisationId: company.id, displayName: 'Camille Responsable' })).email;
    employerContext = await newFrenchContext(browser);
    employerPage = await employerContext.newPage();
    coordinatorContext = await newFrenchContext(browser);
    coordinatorPage = await coordinatorContext.newPage();
    employerProblems = watchPage(employerPage);
    coordinatorProblems = watchPage(coordinatorPage);
  }, 90_000);

  afterAll(async () => {
    await employerContext?.close().catch(() => undefined);
    await coordinatorContext?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  afterEach(() => {
    expect({ employer: employerProblems, coordinator: coordinatorProblems }).toEqual({ employer: [], coordinator: [] });
  });

  it('lets the coordinator create a half-day from the page, with the default deadline', async () => {
    await coordinatorPage.goto(`${t!.url}/connexion`);
    await signIn(coordinatorPage, coordinatorEmail, TEST_PASSWORD);
    await clickAndWait(coordinatorPage, coordinatorPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demi-journées' }), (url) => url.pathname === COORDINATION);
    await clickAndWait(coordinatorPage, coordinatorPage.getByRole('link', { name: 'Créer une demi-journée' }), (url) => url.pathname === `${COORDINATION}/nouvelle`);
    await field(coordinatorPage, 'Établissement', 'combobox').selectOption('CP POITIERS VIVONNE');
    await field(coordinatorPage, 'Intitulé').fill(TITLE);
    await coordinatorPage.locator('#date').fill(dayDate);
    await coordinatorPage.locator('#startTime').fill('09:15');
    await coordinatorPage.locator('#endTime').fill('12:45');
    await coordinatorPage.locator('#capacity').fill('12');
    await field(coordinatorPage, 'Interdit dans l’établissement').fill('Téléphones, clés USB');
    await clickAndWait(coordinatorPage, coordinatorPage.getByRole('button', { name: 'Créer la demi-journée' }), (url) => DETAIL(COORDINATION).test(url.pathname));
    dayId = new URL(coordinatorPage.url()).pathname.split('/').pop()!;
    expect(await textOf(coordinatorPage.getByRole('status'))).toContain('La demi-journée est créée');
    const summary = await textOf(coordinatorPage.locator('#demi-journee-resume'));
    expect(summary).toContain('de 9 h 15 à 12 h 45');
    expect(summary).toContain(`ouvertes jusqu’au ${addDays(dayDate, -15).split('-').reverse().join('/')} inclus`);
  });

  it('lets the employer find it and register a named attendee, whose identity is not shown back', async () => {
    await employerPage.goto(`${t!.url}/connexion`);
    await signIn(employerPage, employerEmail, TEST_PASSWORD);
    await clickAndWait(employerPage, employerPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demi-journées' }), (url) => url.pathname === EMPLOYER);
    expect(await textOf(employerPage.locator('#mes-inscriptions'))).toContain('Votre organisation n’est inscrite à aucune demi-journée');
    await clickAndWait(employerPage, employerPage.getByRole('link', { name: TITLE }), (url) => url.pathname === `${EMPLOYER}/${dayId}`);
    expect(await textOf(employerPage.locator('#demi-journee-resume'))).toContain('Téléphones, clés USB');
    const first = employerPage.getByRole('group', { name: 'Participant 1' });
    await first.getByRole('textbox', { name: 'Nom complet (comme sur la pièce)', exact: true }).fill(ATTENDEE.fullName);
    await first.locator('input[type="date"]').fill(ATTENDEE.birthDate);
    await first.getByRole('combobox', { name: 'Type de pièce d’identité' }).selectOption('passeport');
    await first.getByRole('textbox', { name: 'Numéro de la pièce', exact: true }).fill(ATTENDEE.documentNumber);
    await clickAndWait(employerPage, employerPage.getByRole('button', { name: 'Inscrire' }), (url) => url.pathname === `${EMPLOYER}/${dayId}` && url.searchParams.get('info') === 'inscription');
    expect(await textOf(employerPage.getByRole('status'))).toContain('L’inscription est enregistrée.');
    const attendees = await textOf(employerPage.locator('#mes-participants'));
    expect(attendees).toContain(ATTENDEE.fullName);
    expect(attendees).toContain('Confirmé·e');
    const html = await employerPage.content();
    for (const trace of [ATTENDEE.documentNumber, ATTENDEE.birthDate, '03/02/1980']) expect({ trace, found: html.includes(trace) }).toEqual({ trace, found: false });
  });

  it('shows the coordinator the attendee in the printable list and the CSV export for the security office', async () => {
    await coordinatorPage.goto(`${t!.url}${COORDINATION}/${dayId}`);
    expect(await textOf(coordinatorPage.locator('#inscriptions'))).toContain('Boulangerie du Clain');
    await clickAndWait(coordinatorPage, coordinatorPage.getByRole('link', { name: 'Liste nominative imprimable' }), (url) => url.pathname === `${COORDINATION}/${dayId}/liste`);
    const row = await textOf(coordinatorPage.locator('#liste-confirmes tbody tr'));
    for (const shown of [ATTENDEE.fullName, '03/02/1980', 'Passeport', ATTENDEE.documentNumber, 'Boulangerie du Clain']) expect(row).toContain(shown);
    // The script reveals an « Imprimer » button that opens the browser's print dialog (stubbed here to count calls).
    const printButton = coordinatorPage.getByRole('button', { name: 'Imprimer' });
    expect(await printButton.isVisible()).toBe(true);
    // The page's window, typed here without the DOM library the tests compile against.
    type PrintingWindow = { print: () => void; printed: number };
    await coordinatorPage.evaluate(() => {
      const page = globalThis as unknown as PrintingWindow;
      page.printed = 0;
      page.print = () => {
        page.printed++;
      };
    });
    await printButton.click();
    expect(await coordinatorPage.evaluate(() => (globalThis as unknown as PrintingWindow).printed)).toBe(1);
    // Printed, the page is the list alone: no header, navigation, footer or button.
    await coordinatorPage.emulateMedia({ media: 'print' });
    expect(await printButton.isVisible()).toBe(false);
    expect(await coordinatorPage.locator('.site-header').isVisible()).toBe(false);
    expect(await coordinatorPage.locator('#liste-confirmes').isVisible()).toBe(true);
    await coordinatorPage.emulateMedia({ media: 'screen' });

    const href = await coordinatorPage.getByRole('link', { name: 'Télécharger le CSV' }).getAttribute('href');
    const csv = await coordinatorContext!.request.get(`${t!.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = (await csv.body()).toString('utf8');
    expect(body.startsWith('\uFEFFnom complet;date de naissance;type de pièce;numéro;organisation;statut\r\n')).toBe(true);
    expect(body).toContain(`${ATTENDEE.fullName};03/02/1980;Passeport;${ATTENDEE.documentNumber};Boulangerie du Clain;Confirmé·e\r\n`);
  });

  it('lets the employer cancel the participation from the page; the coordinator’s list no longer has it', async () => {
    await employerPage.goto(`${t!.url}${EMPLOYER}/${dayId}`);
    await clickAndWait(employerPage, employerPage.getByRole('button', { name: 'Annuler sa participation' }), (url) => url.searchParams.get('info') === 'annulation');
    expect(await textOf(employerPage.getByRole('status'))).toContain('La participation est annulée.');
    expect(await textOf(employerPage.locator('#mes-participants'))).toContain('Annulé·e');
    await coordinatorPage.goto(`${t!.url}${COORDINATION}/${dayId}/liste`);
    expect(await textOf(coordinatorPage.locator('main'))).toContain('Aucun participant confirmé.');
  });
});
