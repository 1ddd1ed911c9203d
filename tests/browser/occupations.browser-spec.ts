import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { sharedData } from '../support/reference-files';
import { startTestApp, TestApp } from '../support/test-app';
import { launchChromium, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

describe('occupation autocomplete on /metiers (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp();
    await t.app.get(ImportRunner).run(ImportKind.Rome, sharedData('rome_v4', 'unix_referentiel_code_rome_v458_utf8.csv'));
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  }, 60_000);

  it('suggests "Peintre en bâtiment" while typing "peintre batim", and opens its fiche from the keyboard', async () => {
    await page.goto(`${t!.url}/metiers`);
    const input = page.getByRole('combobox', { name: /Métier ou code ROME/ });
    await input.pressSequentially('peintre batim', { delay: 20 });

    const options = page.getByRole('listbox', { name: 'Métiers suggérés' }).getByRole('option');
    // On a loaded machine a shorter prefix's suggestions ("pe", "peint"…) may show first: wait for the whole text's.
    await options.first().filter({ hasText: 'F1606 Peintre en bâtiment' }).waitFor();
    expect(await textOf(options.first())).toContain('F1606 Peintre en bâtiment');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await textOf(page.getByRole('status'))).toMatch(/^\d+ métiers? suggérés?/);

    await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await Promise.all([page.waitForURL((url) => url.pathname === '/metiers/F1606'), input.press('Enter')]);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('F1606 Peintre en bâtiment');
    expect(problems).toEqual([]);
  });
});
