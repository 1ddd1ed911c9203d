import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, signIn, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

/** A date `days` from today in France, as a date input takes it. */
const inDays = (days: number) => {
  const date = new Date(`${parisDate(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

describe('an employer writes, corrects and publishes a need (Chromium, demo reference data)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const organisation = await createOrganisation(t.dataSource);
    const user = await createUser(t.dataSource, { role: Role.Employer, organisationId: organisation.id });
    context = await newFrenchContext(browser);
    page = await context.newPage();
    // The inverted window is refused with a 400 page, on purpose.
    problems = watchPage(page, { expectedStatuses: (url, status) => status === 400 && url.pathname === '/organisation/besoins' });
    await page.goto(`${t.url}/connexion`);
    await signIn(page, user.email, TEST_PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('reaches the empty list from the navigation', async () => {
    await clickAndWait(page, page.getByRole('link', { name: 'Nos besoins' }), (url) => url.pathname === '/organisation/besoins');
    expect(await textOf(page.locator('.empty'))).toContain('Aucun besoin dans cette liste');
    await clickAndWait(page, page.getByRole('link', { name: 'Nouveau besoin' }), (url) => url.pathname === '/organisation/besoins/nouveau');
  });

  it('shows an inline error for an inverted start window and keeps what was typed', async () => {
    await field(page, 'Code ROME du métier').fill('F1606');
    await page.getByRole('combobox', { name: 'Type de contrat' }).selectOption({ label: 'CDD' });
    await page.getByRole('spinbutton', { name: 'Nombre de postes' }).fill('2');
    await field(page, 'Commune (code INSEE ou code postal)').fill('86194');
    await page.getByLabel('Début au plus tôt').fill(inDays(40));
    await page.getByLabel('Début au plus tard').fill(inDays(20));
    await page.getByRole('checkbox', { name: 'Emploi' }).check();
    await page.getByRole('checkbox', { name: 'Visite d’entreprise' }).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le brouillon' }));

    expect(await page.title()).toMatch(/^Erreur — /);
    expect(await textOf(page.locator('#startUntil-error'))).toMatch(/^La date de fin \(\d{2}\/\d{2}\/\d{4}\) précède la date de début/);
    expect(await page.getByLabel('Début au plus tard').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'Code ROME du métier').inputValue()).toBe('F1606');
    expect(await page.getByRole('checkbox', { name: 'Visite d’entreprise' }).isChecked()).toBe(true);
  });

  it('saves once corrected and shows the basin found from the commune', async () => {
    await page.getByLabel('Début au plus tard').fill(inDays(70));
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer le brouillon' }), (url) => /^\/organisation\/besoins\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await textOf(page.getByRole('status'))).toContain('enregistré en brouillon');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Peintre en bâtiment F1606');
    expect(await textOf(page.locator('#besoin-resume'))).toContain('POITIERS');
  });

  it('publishes and sees the need as published in the list', async () => {
    await clickAndWait(page, page.getByRole('button', { name: 'Publier' }), (url) => url.pathname === '/organisation/besoins');
    expect(await textOf(page.getByRole('status'))).toBe('Le besoin est publié.');
    const row = page.getByRole('row', { name: /Peintre en bâtiment/ });
    expect(await textOf(row)).toContain('Publié');
    expect(await textOf(row)).toContain('CDD');
    await clickAndWait(page, page.getByRole('link', { name: /Publié \(1\)/ }), (url) => url.searchParams.get('statut') === 'published');
    expect(await page.getByRole('row', { name: /Peintre en bâtiment/ }).count()).toBe(1);
  });
});
