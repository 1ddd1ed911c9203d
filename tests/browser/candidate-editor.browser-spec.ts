import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

const PHONE = '06 12 34 56 78';

describe('counsellor writes a profile, fixes a PII warning, records consent and publishes (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];
  let email: string;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const spip = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    email = (await createUser(t.dataSource, { role: Role.Counsellor, organisationId: spip.id })).email;
    context = await newFrenchContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('goes from an empty caseload to a published profile', async () => {
    await page.goto(`${t!.url}/connexion`);
    await signIn(page, email, TEST_PASSWORD);
    await clickAndWait(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Profils' }), (url) => url.pathname === '/conseil/profils');
    expect(await textOf(page.locator('.empty'))).toContain('Aucun profil pour l’instant');

    // 1. A new draft.
    await clickAndWait(page, page.getByRole('link', { name: 'Nouveau profil' }), (url) => url.pathname === '/conseil/profils/nouveau');
    await field(page, 'Métiers visés (codes ROME)').fill('F1606');
    await field(page, 'Bassins d’emploi visés (codes)').fill('7513');
    await page.getByLabel('Sortie prévue à partir du', { exact: true }).fill('2027-03-01');
    await page.getByLabel('Sortie prévue au plus tard le', { exact: true }).fill('2027-06-30');
    await field(page, 'Compétences').fill('Pose de plaques de plâtre\nPeinture intérieure');
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }), (url) => /^\/conseil\/profils\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await textOf(page.getByRole('status').first())).toContain('Le profil est créé en brouillon');
    const code = (await textOf(page.getByRole('heading', { level: 1 }))).match(/PSG-[0-9A-Z]{4}/)?.[0];
    expect(code).toBeDefined();
    expect(await textOf(page.getByTestId('profile-status'))).toBe('Brouillon');

    // 2. A phone number in the project: the check shows it highlighted under the field, with the reason.
    const project = field(page, 'Projet professionnel');
    await project.fill(`Devenir peintre en bâtiment. Joignable au ${PHONE} le matin.`);
    await clickAndWait(page, page.getByRole('button', { name: 'Vérifier les données personnelles' }));
    const warning = page.locator('[id="project-pii"]');
    expect(await textOf(warning.locator('mark'))).toBe(PHONE);
    expect(await textOf(warning)).toContain('Numéro de téléphone : aucune coordonnée ne doit figurer dans le profil.');
    expect((await project.getAttribute('aria-describedby'))?.split(' ')).toContain('project-pii');
    // The typed text is kept, not saved yet.
    expect(await project.inputValue()).toContain(PHONE);

    // 3. Fixed and saved: the warning is gone.
    await project.fill('Devenir peintre en bâtiment, en CDI ou en intérim.');
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
    expect(await textOf(page.getByRole('status').first())).toBe('Le profil est enregistré.');
    expect(await page.locator('mark').count()).toBe(0);

    // 4. Consent, dated today by default, then publication.
    expect(await page.locator('#givenOn').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le consentement' }));
    expect(await textOf(page.getByTestId('active-consent'))).toMatch(/^Consentement recueilli le \d{2}\/\d{2}\/\d{4}/);
    await clickAndWait(page, page.getByRole('button', { name: 'Publier' }));
    expect(await textOf(page.getByRole('status').first())).toContain('Le profil est publié');
    expect(await textOf(page.getByTestId('profile-status'))).toBe('Publié');

    // 5. The caseload shows it as published.
    await clickAndWait(page, page.getByRole('link', { name: 'Profils de candidats' }), (url) => url.pathname === '/conseil/profils');
    const row = page.getByRole('row', { name: new RegExp(code!) });
    expect(await textOf(row)).toContain('Publié');
    expect(await textOf(row)).toContain('F1606');
  });
});
