import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';

/** Debian's Chromium. Browser tests never download a browser of their own (no `npx playwright install`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches the system Chromium; fails (never skips) with the fix when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the browser tests need Debian's package. ` +
        'Install it with `apt-get install chromium` (do not run `npx playwright install`).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A browser context as a French user in Paris sees the site, failing fast (10 s) on a missing element. */
export async function newFrenchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Problems the page reported by itself: uncaught script errors, console errors, server errors, broken assets. */
export function watchPage(page: Page, options: { expectedStatuses?: (url: URL, status: number) => boolean } = {}): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Error statuses are judged by the 'response' listener below, which knows which ones are expected
    // (Chromium's own /favicon.ico request, a 404 today, is not a page request and is not judged).
    if (message.text().startsWith('Failed to load resource:')) return;
    problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    // Leaving a page aborts its requests still in flight (an autocomplete fetch when the form is submitted): not a failure.
    if (error === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${request.url()} (${error})`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    const url = new URL(response.url());
    if (options.expectedStatuses?.(url, status)) return;
    problems.push(`HTTP ${status}: ${response.request().method()} ${url.pathname}${url.search}`);
  });
  return problems;
}

/** Visible text of a locator with collapsed white space, once it is attached. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks a control that submits a form or follows a link and waits for the next page to be loaded. */
export async function clickAndWait(page: Page, locator: Locator, url?: string | RegExp | ((url: URL) => boolean)): Promise<void> {
  const navigated = url ? page.waitForURL(url) : page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await locator.click();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * A form field found by its exact accessible name (computed from its <label>, without the aria-hidden
 * asterisk), so a field whose label is missing or not associated is not found. `getByLabel` would not do:
 * Playwright matches it on the label's whole text, asterisk included.
 */
export function field(page: Page, name: string, role: 'textbox' | 'combobox' = 'textbox'): Locator {
  return page.getByRole(role, { name, exact: true });
}

/** Signs in through the login form (the page must be /connexion). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await field(page, 'Adresse e-mail').fill(email);
  await field(page, 'Mot de passe').fill(password);
  await clickAndWait(page, page.getByRole('button', { name: 'Se connecter' }), (url) => url.pathname !== '/connexion');
}

/** Signs out with the header button and checks the confirmation. */
export async function signOut(page: Page): Promise<string> {
  await clickAndWait(page, page.getByRole('button', { name: 'Se déconnecter' }), (url) => url.pathname === '/connexion');
  return textOf(page.getByRole('status'));
}
