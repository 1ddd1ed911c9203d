import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

describe('commune → basin → needs → one occupation (Chromium, demo reference data)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
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

  it('finds the basin of Vivonne from its name', async () => {
    await page.goto(`${t!.url}/bassins`);
    await field(page, 'Commune ou code postal').fill('vivonne');
    await clickAndWait(page, page.getByRole('button', { name: 'Rechercher' }), (url) => url.searchParams.get('q') === 'vivonne');
    const row = page.getByRole('row', { name: /VIVONNE/ });
    expect(await textOf(row)).toContain('86370');
    await clickAndWait(page, row.getByRole('link', { name: 'POITIERS' }), (url) => url.pathname === '/bassins/7513');
  });

  it('shows the most-needed and the hardest-to-fill occupations with figures and the prison of the basin', async () => {
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe("Bassin d'emploi POITIERS 7513");
    expect(await textOf(page.getByRole('heading', { name: /Établissements pénitentiaires/ }).locator('xpath=..'))).toContain('Centre pénitentiaire');
    const mostNeeded = page.getByRole('table', { name: 'Métiers les plus recherchés' });
    const hardest = page.getByRole('table', { name: 'Métiers les plus difficiles à pourvoir' });
    const rows = async (table: typeof mostNeeded) => (await table.getByRole('row').allTextContents()).slice(1);
    const needed = await rows(mostNeeded);
    const hard = await rows(hardest);
    expect(needed.length).toBeGreaterThan(0);
    expect(hard.length).toBe(needed.length);
    // Each table has its own order: the first occupation by volume is not, in general, the first by tension.
    const firstFigures = await mostNeeded.locator('tbody tr td:first-of-type').allTextContents();
    const volumes = firstFigures.map((text) => (/secret/.test(text) ? -1 : Number(text.replace(/\D/g, ''))));
    expect(volumes.filter((v) => v > 0).length).toBeGreaterThan(0);
    expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
    expect(await hardest.locator('tbody .tension').first().textContent()).toMatch(/Forte|Moyenne|Faible/);
    expect(await textOf(page.locator('.needs-summary'))).toMatch(/projets de recrutement recensés/);
  });

  it('goes from the ROME form to the needs of the basin for that occupation', async () => {
    await field(page, 'Code ROME').fill('f1606');
    await clickAndWait(page, page.getByRole('button', { name: 'Voir les besoins' }), (url) => url.pathname === '/bassins/7513/metiers/F1606');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('Peintre en bâtiment');
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
  });
});
