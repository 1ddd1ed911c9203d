import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(90_000);

const EMPLOYER = '/organisation/mises-en-relation';
const PARTNER = '/conseil/mises-en-relation';
const DETAIL = (base: string) => new RegExp(`^${base}/[0-9a-f-]{36}$`);

// What the counsellor knows about the person: none of it may reach the employer's pages.
const ESTABLISHMENT = 'CP POITIERS VIVONNE';
const PROJECT = 'Devenir peintre en bâtiment, en CDI ou en intérim.';
const SKILL = 'Ponçage et enduits de finition';
const CANDIDATE_AVAILABILITY = 'Disponible à temps plein dès la sortie.';

const MESSAGE = 'Nous recrutons un peintre pour notre chantier de Poitiers.';
const AVAILABILITY = 'Le mardi après-midi, sur site.';
const DUPLICATE = 'Une mise en relation est déjà en cours entre cette organisation et ce profil';

const french = (date: string) => date.split('-').reverse().join('/');

/** Opens the "Je souhaite rencontrer" form from the profile page, fills it and sends it. */
async function sendRequest(page: Page, url: string, code: string, message: string): Promise<void> {
  await page.goto(`${url}/profils/${code}`);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Profil ${code}`);
  await clickAndWait(page, page.getByRole('link', { name: 'Je souhaite rencontrer' }), (u) => u.pathname === `${EMPLOYER}/nouvelle` && u.searchParams.get('profil') === code);
  expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Je souhaite rencontrer ${code}`);
  await page.getByRole('radio', { name: 'Emploi', exact: true }).check();
  await field(page, 'Votre message au conseiller').fill(message);
  await field(page, 'Vos disponibilités pour une rencontre (facultatif)').fill(AVAILABILITY);
}

describe('an employer asks to meet a profile; the counsellor gets the agreement and introduces them (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let employerContext: BrowserContext | undefined;
  let counsellorContext: BrowserContext | undefined;
  let employerPage: Page;
  let counsellorPage: Page;
  let employerProblems: string[];
  let counsellorProblems: string[];
  let employerEmail: string;
  let counsellorEmail: string;
  let profile: { id: string; code: string };
  let introductionId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));

    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    counsellorEmail = (await createUser(t.dataSource, { role: Role.Counsellor, organisationId: partner.id, displayName: 'Sacha Conseillère' })).email;
    const company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, name: 'Peintures du Clain' });
    employerEmail = (await createUser(t.dataSource, { role: Role.Employer, organisationId: company.id, displayName: 'Camille Responsable' })).email;

    // The published profile is a fixture, written through the API like the e2e tests do.
    const counsellor = await loginAgent(t.server, counsellorEmail);
    const post = (path: string, body: object = {}) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);
    const created = await post('/api/candidate-profiles', {
      establishmentCode: ESTABLISHMENT,
      ageBand: '26-35',
      releaseFrom: '2027-03-10',
      releaseUntil: '2027-05-20',
      soughtSolutions: ['job'],
      targetRomeCodes: ['F1606'],
      targetBasinCodes: ['7513'],
      skills: [SKILL],
      project: PROJECT,
      availability: CANDIDATE_AVAILABILITY,
    });
    if (created.status !== 201) throw new Error(`profile creation answered ${created.status} ${JSON.stringify(created.body)}`);
    await post(`/api/candidate-profiles/${created.body.id}/consents`, { scope: 'publication', givenOn: '2026-01-15' }).expect(201);
    await post(`/api/candidate-profiles/${created.body.id}/publish`).expect(200);
    profile = { id: created.body.id, code: created.body.code };

    // Two people, two browsers: each signs in through the login page.
    employerContext = await newFrenchContext(browser);
    employerPage = await employerContext.newPage();
    counsellorContext = await newFrenchContext(browser);
    counsellorPage = await counsellorContext.newPage();
    // Refusals shown on their form, on purpose: the duplicate request (409) and the acceptance without the agreement (400).
    employerProblems = watchPage(employerPage, { expectedStatuses: (url, status) => status === 409 && url.pathname === EMPLOYER });
    counsellorProblems = watchPage(counsellorPage, { expectedStatuses: (url, status) => status === 400 && /^\/conseil\/mises-en-relation\/[0-9a-f-]{36}\/accepter$/.test(url.pathname) });
  }, 90_000);

  afterAll(async () => {
    await employerContext?.close().catch(() => undefined);
    await counsellorContext?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  afterEach(() => {
    expect({ employer: employerProblems, counsellor: counsellorProblems }).toEqual({ employer: [], counsellor: [] });
  });

  it('sends a request from the profile page and finds it, waiting for an answer, in its list', async () => {
    await employerPage.goto(`${t!.url}/connexion`);
    await signIn(employerPage, employerEmail, TEST_PASSWORD);
    await sendRequest(employerPage, t!.url, profile.code, MESSAGE);
    await clickAndWait(employerPage, employerPage.getByRole('button', { name: 'Envoyer la demande' }), (url) => DETAIL(EMPLOYER).test(url.pathname));
    introductionId = new URL(employerPage.url()).pathname.split('/').pop()!;
    expect(new URL(employerPage.url()).searchParams.get('info')).toBe('demande-envoyee');

    expect(await textOf(employerPage.getByRole('status'))).toContain('Votre demande de rencontre est envoyée au conseiller qui accompagne la personne.');
    const summary = await textOf(employerPage.locator('#mise-en-relation-resume'));
    expect(summary).toContain('Demande en attente de réponse');
    expect(summary).toContain('Emploi');
    expect(await textOf(employerPage.locator('#contact-a-venir'))).toContain('vous sera communiqué une fois la mise en relation faite');
    expect(await employerPage.locator('#contact-conseiller').count()).toBe(0);

    await clickAndWait(employerPage, employerPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mises en relation' }), (url) => url.pathname === EMPLOYER);
    const rows = employerPage.locator('table.introductions-list tbody tr');
    expect(await rows.count()).toBe(1);
    const row = await textOf(rows);
    expect(row).toContain(profile.code);
    expect(row).toContain('Demande en attente de réponse');
    expect(await employerPage.getByRole('link', { name: profile.code, exact: true }).getAttribute('href')).toBe(`${EMPLOYER}/${introductionId}`);
  });

  it('is told on the form, without a second row, when it asks again for the same profile', async () => {
    await sendRequest(employerPage, t!.url, profile.code, 'Nous insistons : le poste est toujours ouvert.');
    await clickAndWait(employerPage, employerPage.getByRole('button', { name: 'Envoyer la demande' }));

    expect(new URL(employerPage.url()).pathname).toBe(EMPLOYER);
    expect(await employerPage.title()).toMatch(/^Erreur — Je souhaite rencontrer /);
    expect(await textOf(employerPage.getByRole('alert'))).toContain(DUPLICATE);
    // What was typed is kept, so nothing is lost.
    expect(await field(employerPage, 'Votre message au conseiller').inputValue()).toBe('Nous insistons : le poste est toujours ouvert.');

    await clickAndWait(employerPage, employerPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mises en relation' }), (url) => url.pathname === EMPLOYER);
    expect(await textOf(employerPage.getByRole('heading', { level: 2 }))).toBe('1 mise en relation');
    expect(await employerPage.locator('table.introductions-list tbody tr').count()).toBe(1);
  });

  it('lets the counsellor record the person’s agreement, accept, and make the introduction', async () => {
    await counsellorPage.goto(`${t!.url}/connexion`);
    await signIn(counsellorPage, counsellorEmail, TEST_PASSWORD);
    await clickAndWait(counsellorPage, counsellorPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mises en relation' }), (url) => url.pathname === PARTNER);
    const row = await textOf(counsellorPage.locator('table.introductions-inbox tbody tr'));
    expect(row).toContain('Peintures du Clain');
    expect(row).toContain('Demande en attente de réponse');

    await clickAndWait(counsellorPage, counsellorPage.getByRole('link', { name: profile.code, exact: true }), (url) => url.pathname === `${PARTNER}/${introductionId}`);
    const message = await textOf(counsellorPage.locator('#message-employeur'));
    expect(message).toContain(MESSAGE);
    expect(message).toContain(AVAILABILITY);
    expect(await textOf(counsellorPage.locator('#mise-en-relation-resume'))).toContain('Camille Responsable');

    // Accepting without the person's agreement is refused on the page, and nothing changes.
    await clickAndWait(counsellorPage, counsellorPage.getByRole('button', { name: 'Accepter la demande' }));
    expect(await textOf(counsellorPage.locator('#candidateAgreed-error'))).toBe('Cochez la case confirmant que la personne a donné son accord pour cette rencontre.');
    expect(await textOf(counsellorPage.locator('#mise-en-relation-resume'))).toContain('Demande en attente de réponse');

    const today = parisDate(new Date());
    await counsellorPage.getByRole('checkbox', { name: 'La personne a donné son accord pour cette rencontre.' }).check();
    await counsellorPage.getByLabel('Date de l’accord').fill(today);
    await clickAndWait(counsellorPage, counsellorPage.getByRole('button', { name: 'Accepter la demande' }), (url) => url.pathname === `${PARTNER}/${introductionId}` && url.searchParams.get('info') === 'demande-acceptee');
    expect(await textOf(counsellorPage.getByRole('status'))).toContain('La demande est acceptée, avec l’accord de la personne.');
    const accepted = await textOf(counsellorPage.locator('#mise-en-relation-resume'));
    expect(accepted).toContain('Acceptée, mise en relation en préparation');
    expect(accepted).toContain(`donné le ${french(today)}, enregistré par Sacha Conseillère`);

    await clickAndWait(counsellorPage, counsellorPage.getByRole('button', { name: 'Mise en relation faite' }), (url) => url.searchParams.get('info') === 'mise-en-relation-faite');
    expect(await textOf(counsellorPage.getByRole('status'))).toContain('La mise en relation est faite');
    expect(await textOf(counsellorPage.locator('#mise-en-relation-resume'))).toContain('Mise en relation faite');
    expect(await counsellorPage.locator('#mettre-en-relation').count()).toBe(0);
  });

  it('shows the employer the counsellor’s professional contact and nothing about the person but the code', async () => {
    await clickAndWait(employerPage, employerPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mises en relation' }), (url) => url.pathname === EMPLOYER);
    expect(await textOf(employerPage.locator('table.introductions-list tbody tr'))).toContain('Mise en relation faite');
    await clickAndWait(employerPage, employerPage.getByRole('link', { name: profile.code, exact: true }), (url) => url.pathname === `${EMPLOYER}/${introductionId}`);

    expect(await textOf(employerPage.locator('#mise-en-relation-resume'))).toContain('Mise en relation faite');
    const contact = await textOf(employerPage.locator('#contact-conseiller'));
    expect(contact).toContain('Sacha Conseillère');
    expect(contact).toContain('Mission Locale du Poitou');
    expect(contact).toContain(counsellorEmail);
    expect(await employerPage.getByRole('link', { name: counsellorEmail }).getAttribute('href')).toBe(`mailto:${counsellorEmail}`);
    expect(await employerPage.locator('#contact-a-venir').count()).toBe(0);

    // The profile is named by its code only: no internal id, no establishment, no free text, no dates of release.
    const html = await employerPage.content();
    expect(html).toContain(profile.code);
    for (const secret of [profile.id, ESTABLISHMENT, PROJECT, SKILL, CANDIDATE_AVAILABILITY, '10/03/2027', '2027-03-10', '/conseil/profils', 'Accord de la personne']) {
      expect({ secret, shown: html.includes(secret) }).toEqual({ secret, shown: false });
    }
  });
});
