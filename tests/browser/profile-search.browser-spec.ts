import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(90_000);

const PROFILES = '/api/candidate-profiles';

const profileBody = (overrides: Record<string, unknown>) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606'],
  targetBasinCodes: ['7513'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français'],
  skills: ['Peinture intérieure'],
  experiences: [],
  trainings: [],
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
  availability: 'Disponible à temps plein dès la sortie.',
  ...overrides,
});

describe('employer searches candidates, filters by basin and opens a profile (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];
  let email: string;
  let poitiersPainter: string;
  let caenPainter: string;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const spip = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    const counsellor = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Counsellor, organisationId: spip.id })).email);
    const publish = async (overrides: Record<string, unknown>): Promise<string> => {
      const post = (path: string, body: object = {}) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);
      const created = await post(PROFILES, profileBody(overrides));
      if (created.status !== 201) throw new Error(`creation failed: ${created.status} ${JSON.stringify(created.body)}`);
      await post(`${PROFILES}/${created.body.id}/consents`, { scope: 'publication', givenOn: '2025-01-15' }).expect(201);
      await post(`${PROFILES}/${created.body.id}/publish`).expect(200);
      return created.body.code as string;
    };
    poitiersPainter = await publish({});
    caenPainter = await publish({ targetBasinCodes: ['2817'], project: 'Reprendre la peinture en bâtiment près de Caen.' });
    await publish({ targetRomeCodes: ['N1103'], skills: ['Préparation de commandes'], project: 'Préparer des commandes en entrepôt.' });

    const company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company });
    email = (await createUser(t.dataSource, { role: Role.Employer, organisationId: company.id })).email;
    const employer = await loginAgent(t.server, email);
    const deadline = Date.now() + 15_000;
    while ((await employer.agent.get('/api/profile-search')).body.total !== 3) {
      if (Date.now() > deadline) throw new Error('the published profiles never reached the search index');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    context = await newFrenchContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
  }, 90_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  /** The text field, a search box found by its label. */
  const searchBox = () => page.getByRole('searchbox', { name: 'Métier, compétence, formation ou projet', exact: true });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('goes from the navigation to a highlighted result and its profile page', async () => {
    await page.goto(`${t!.url}/connexion`);
    await signIn(page, email, TEST_PASSWORD);
    await clickAndWait(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Candidats' }), (url) => url.pathname === '/profils');
    expect(await textOf(page.getByRole('heading', { level: 2, name: /profils trouvés/ }))).toBe('3 profils trouvés');

    // 1. A job title: both painters, the storekeeper left out.
    await searchBox().fill('peintre en bâtiment');
    await clickAndWait(page, page.getByRole('button', { name: 'Rechercher', exact: true }), (url) => url.searchParams.get('q') === 'peintre en bâtiment');
    expect(await textOf(page.locator('#resultats'))).toBe('2 profils trouvés');
    const basins = page.getByRole('group', { name: 'Bassins d’emploi' });
    expect(await textOf(basins.getByText(/^POITIERS/))).toBe('POITIERS (1)');
    expect(await textOf(basins.getByText(/^CAEN/))).toBe('CAEN (1)');

    // 2. A basin ticked: only the Poitiers painter, the box stays ticked and the text is kept.
    await basins.getByRole('checkbox', { name: /^POITIERS/ }).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Appliquer les filtres' }), (url) => url.searchParams.get('basin') === '7513');
    expect(await textOf(page.locator('#resultats'))).toBe('1 profil trouvé');
    expect(await basins.getByRole('checkbox', { name: /^POITIERS/ }).isChecked()).toBe(true);
    expect(await searchBox().inputValue()).toBe('peintre en bâtiment');
    const card = page.locator('.profile-card');
    expect(await card.count()).toBe(1);
    expect(await textOf(card.getByRole('heading', { level: 3 }))).toBe(`Profil ${poitiersPainter}`);
    expect(await page.locator(`[data-profile="${caenPainter}"]`).count()).toBe(0);
    // The searched words are marked in the project snippet.
    expect((await card.locator('.profile-snippet mark').allTextContents()).map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['peintre', 'bâtiment']));
    expect(await textOf(card.locator('.profile-snippet'))).toContain('Devenir peintre en bâtiment');

    // 3. The profile page, in the employer view.
    await clickAndWait(page, card.getByRole('link', { name: `Voir le profil ${poitiersPainter}` }), (url) => url.pathname === `/profils/${poitiersPainter}`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Profil ${poitiersPainter}`);
    expect(await textOf(page.locator('.profile-project'))).toBe('Devenir peintre en bâtiment, en CDI ou en intérim.');
    expect(await textOf(page.getByRole('region', { name: 'Sortie' }))).toContain('2027-S1');
    expect(await page.getByText('VIVONNE').count()).toBe(0);
  });
});
