import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(120_000);

const API = '/api/recruitment-sessions';

describe('a coordinator generates a session’s interview schedule in the planner (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];
  let coordinatorEmail: string;
  let sessionId: string;
  const codes: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const spip = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    const organiser = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    const [programme] = await t.dataSource.query(`INSERT INTO programmes (name) VALUES ('100 chances — Vienne') RETURNING id`);
    await t.dataSource.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2), ($1, $3)`, [programme.id, spip.id, organiser.id]);
    const counsellor = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Counsellor, organisationId: spip.id })).email);
    coordinatorEmail = (await createUser(t.dataSource, { role: Role.Coordinator, organisationId: organiser.id, displayName: 'Claude Coordinatrice' })).email;
    const coordinator = await loginAgent(t.server, coordinatorEmail);
    const post = (who: typeof coordinator, path: string, body: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
    for (let i = 0; i < 5; i++) {
      const res = await post(counsellor, '/api/candidate-profiles', { establishmentCode: 'CP POITIERS VIVONNE', targetRomeCodes: ['F1606'], targetBasinCodes: ['7513'] });
      codes.push(res.body.code);
    }
    const session = await post(coordinator, API, {
      programmeId: programme.id,
      establishmentCode: 'CP POITIERS VIVONNE',
      title: 'Session de printemps',
      interviewOn: '2027-01-14',
      dayStartsAt: '09:00',
      dayEndsAt: '13:00',
      slotMinutes: 30,
      breakMinutes: 10,
    });
    sessionId = session.body.id;
    for (const code of codes) await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: code });
    const kinds = [OrganisationKind.Company, OrganisationKind.TempAgency, OrganisationKind.Company, OrganisationKind.TrainingBody, OrganisationKind.Company, OrganisationKind.InsertionStructure];
    for (const [index, kind] of kinds.entries()) {
      const organisation = await createOrganisation(t.dataSource, { kind, name: `Employeur ${index + 1}` });
      await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: organisation.id });
    }
    for (const name of ['Salle A', 'Salle B', 'Salle C']) await post(coordinator, `${API}/${sessionId}/rooms`, { name });
    context = await newFrenchContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('suggests the binômes, generates the schedule and shows the grid with every candidate', async () => {
    await page.goto(`${t!.url}/connexion`);
    await signIn(page, coordinatorEmail, TEST_PASSWORD);
    await clickAndWait(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Sessions de recrutement' }), (url) => url.pathname === '/coordination/sessions');
    await clickAndWait(page, page.getByRole('link', { name: 'Session de printemps' }), (url) => url.pathname === `/coordination/sessions/${sessionId}`);
    await page.getByText('Suggérer les binômes', { exact: true }).click();
    await clickAndWait(page, page.getByRole('button', { name: 'Confirmer : suggérer les binômes' }), (url) => url.searchParams.get('info') === 'binomes-suggeres');
    expect(await textOf(page.getByRole('status'))).toContain('Les binômes sont suggérés');
    expect(await page.getByRole('table', { name: 'Binômes' }).getByRole('row').count()).toBe(4);
    await clickAndWait(page, page.getByRole('button', { name: 'Générer le planning' }), (url) => url.searchParams.get('info') === 'planning-genere');
    const grid = page.locator('#grille');
    expect(await textOf(grid.locator('caption'))).toContain('15 entretiens');
    const text = await textOf(grid);
    for (const code of codes) expect(text.split(code).length - 1).toBe(3);
    expect(text).toContain('1. 09:00 – 09:30');
  });
});
