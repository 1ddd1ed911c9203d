import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { startTestApp, TestApp } from '../support/test-app';
import { field, launchChromium, newFrenchContext, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

const COMMUNES_API = '**/api/communes?**';

describe('commune suggestions on /bassins (Chromium, demo reference data)', () => {
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
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  });

  beforeEach(async () => {
    page = await context!.newPage();
    problems = watchPage(page);
    await page.goto(`${t!.url}/bassins`);
  });

  afterEach(async () => {
    await page.close();
    expect(problems).toEqual([]);
  });

  const suggestions = () => page.locator('#suggestions');

  it('suggests Vivonne with its basin while typing', async () => {
    await field(page, 'Commune ou code postal').pressSequentially('vivo');
    const item = suggestions().getByRole('listitem').filter({ hasText: 'VIVONNE' });
    expect(await textOf(item)).toBe('VIVONNE (86370) — bassin POITIERS');
    expect(await item.getByRole('link', { name: 'bassin POITIERS' }).getAttribute('href')).toBe('/bassins/7513');
  });

  it('leaves no suggestion once the field is cleared, even when the answer arrives afterwards', async () => {
    // The answer is held back until the field has been cleared, as on a slow network.
    let release!: () => void;
    const cleared = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const done = new Promise<void>((resolve) => (answered = resolve));
    await page.route(COMMUNES_API, async (route: Route) => {
      await cleared;
      await route.continue();
      answered();
    });
    const input = field(page, 'Commune ou code postal');
    const sent = page.waitForRequest((request) => request.url().includes('/api/communes?'));
    await input.pressSequentially('vivo');
    await sent;
    await input.fill('');
    release();
    await done;
    await page.waitForLoadState('networkidle');
    // Give the page's script the time to handle the answer it no longer wants.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(await suggestions().textContent()).toBe('');
  });

  it('says so when the suggestions cannot be loaded', async () => {
    await page.route(COMMUNES_API, (route: Route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{}' }));
    problems = watchPage(page, { expectedStatuses: (url, status) => url.pathname === '/api/communes' && status === 503 });
    await field(page, 'Commune ou code postal').pressSequentially('vivo');
    expect(await textOf(suggestions().locator('p'))).toBe('Les suggestions sont momentanément indisponibles ; le bouton Rechercher reste utilisable.');
  });
});
