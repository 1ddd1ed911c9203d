import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/modules/users/user.entity';
import { createUser, randomSiret, TEST_PASSWORD } from '../support/factories';
import { linkFrom } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { clickAndWait, field, launchChromium, newFrenchContext, signIn, signOut, textOf, watchPage } from './browser';

jest.setTimeout(60_000);

/** Same digits with a wrong check digit: 14 digits, but the Luhn key fails. */
function withWrongKey(siret: string): string {
  const last = Number(siret.at(-1));
  return siret.slice(0, -1) + String((last + 1) % 10);
}

describe('employer sign-up → coordinator approval → e-mail → login (Chromium)', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];
  let coordinatorEmail: string;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ worker: true });
    coordinatorEmail = (await createUser(t.dataSource, { role: Role.Coordinator })).email;
    context = await newFrenchContext(browser);
    page = await context.newPage();
    // The only expected error status is the 400 of the form submitted with an invalid SIRET.
    problems = watchPage(page, { expectedStatuses: (url, status) => status === 400 && url.pathname === '/inscription' });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
  }, 60_000);

  it('lets an employer sign up, get approved by a coordinator and sign in', async () => {
    const app = t!;
    const suffix = Math.random().toString(36).slice(2, 8);
    const organisationName = `Menuiserie Poitevine ${suffix}`;
    const email = `camille.${suffix}@menuiserie-poitevine.example`;
    const password = 'un-mot-de-passe-solide';
    const siret = randomSiret();

    // 1. Home page → sign-up form.
    await page.goto(`${app.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await clickAndWait(page, page.getByRole('main').getByRole('link', { name: 'Inscrire mon organisation' }), (url) => url.pathname === '/inscription');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Inscrire mon organisation');

    const fillSignUp = async (siretValue: string) => {
      await field(page, 'Nom de l’organisation').fill(organisationName);
      await field(page, 'Type d’organisation', 'combobox').selectOption({ label: 'Entreprise' });
      await field(page, 'Numéro SIRET').fill(siretValue);
      await field(page, 'Prénom et nom').fill('Camille Martin');
      await field(page, 'Adresse e-mail professionnelle').fill(email);
      await field(page, 'Mot de passe').fill(password);
    };

    // 2. First attempt with a SIRET whose check key is wrong: the error is shown next to the field, accessibly.
    await fillSignUp(withWrongKey(siret));
    await clickAndWait(page, page.getByRole('button', { name: 'Créer mon compte' }));
    const siretField = field(page, 'Numéro SIRET');
    expect(await siretField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await siretField.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    expect(describedBy).toContain('siret-error');
    expect(await textOf(page.locator('#siret-error'))).toBe('SIRET invalide : 14 chiffres avec une clé de contrôle valide.');
    // The summary at the top is announced and links to the field.
    const summary = page.getByRole('alert');
    expect(await textOf(summary)).toContain('Le formulaire contient des erreurs');
    expect(await summary.getByRole('link', { name: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' }).getAttribute('href')).toBe('#siret');
    // Only the SIRET is wrong; the other answers are kept (except the password, never sent back).
    expect(await field(page, 'Nom de l’organisation').getAttribute('aria-invalid')).toBeNull();
    expect(await field(page, 'Nom de l’organisation').inputValue()).toBe(organisationName);
    expect(await field(page, 'Type d’organisation', 'combobox').inputValue()).toBe('company');
    expect(await field(page, 'Adresse e-mail professionnelle').inputValue()).toBe(email);
    expect(await field(page, 'Mot de passe').inputValue()).toBe('');

    // Fix the SIRET (typed with spaces, as on a Kbis) and submit again.
    await siretField.fill(siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4'));
    await field(page, 'Mot de passe').fill(password);
    await clickAndWait(page, page.getByRole('button', { name: 'Créer mon compte' }), (url) => url.pathname === '/connexion');
    expect(new URL(page.url()).searchParams.get('info')).toBe('inscription');
    expect(await textOf(page.getByRole('status'))).toContain('Un e-mail de confirmation vient de vous être envoyé');

    // 3. The confirmation link from the e-mail opens the login page with a confirmation.
    const verification = await app.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('Confirmez'));
    const verifyUrl = linkFrom(verification.text, '/verifier-email');
    expect(verifyUrl.startsWith(`${app.url}/verifier-email?jeton=`)).toBe(true);
    await page.goto(verifyUrl);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(await textOf(page.getByRole('status'))).toContain('Votre adresse e-mail est confirmée');

    // 4. The employer can sign in but the organisation is still pending.
    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe('/');
    const pendingNotice = await textOf(page.getByRole('status'));
    expect(pendingNotice).toContain(organisationName);
    expect(pendingNotice).toMatch(/en attente de validation/i);
    expect(await signOut(page)).toBe('Vous êtes déconnecté.');

    // 5. The coordinator approves the organisation.
    // Signing out lands on the login page.
    await signIn(page, coordinatorEmail, TEST_PASSWORD);
    const mainNav = page.getByRole('navigation', { name: 'Navigation principale' });
    await clickAndWait(page, mainNav.getByRole('link', { name: 'Organisations à valider' }), (url) => url.pathname === '/coordination/organisations');
    await clickAndWait(page, page.getByRole('link', { name: organisationName }), (url) => url.pathname.startsWith('/coordination/organisations/'));
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(organisationName);
    expect(await textOf(page.locator('dt:text-is("SIRET") + dd'))).toBe(siret);
    expect(await textOf(page.locator('dt:text-is("Statut") + dd'))).toBe('En attente de validation');
    await clickAndWait(page, page.getByRole('button', { name: 'Valider l’organisation' }), (url) => url.pathname === '/coordination/organisations');
    expect(await textOf(page.getByRole('status'))).toBe('L’organisation est validée ; ses membres ont été prévenus par e-mail.');
    expect(await page.getByRole('link', { name: organisationName }).count()).toBe(0);
    expect(await signOut(page)).toBe('Vous êtes déconnecté.');

    // 6. The employer is told by e-mail, with a link to the login page.
    const approval = await app.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('validée'));
    expect(approval.text).toContain(organisationName);
    const loginUrl = linkFrom(approval.text, '/connexion');
    expect(loginUrl.startsWith(`${app.url}/connexion`)).toBe(true);

    // 7. Signing in from that link: the organisation is now validated and the account page says so.
    await page.goto(loginUrl);
    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page.getByRole('status'))).toBe(`Votre organisation ${organisationName} est validée.`);
    await clickAndWait(page, mainNav.getByRole('link', { name: 'Mon compte' }), (url) => url.pathname === '/compte');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mon compte');
    expect(await textOf(page.locator('dt:text-is("Organisation") + dd'))).toBe(organisationName);
    expect(await textOf(page.locator('dt:text-is("Statut de l’organisation") + dd'))).toBe('Active');

    // Written outside the repository, overwritten at each run: never committed.
    const screenshot = join(tmpdir(), 'passerelle-browser', 'signup-approval.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(0);

    expect(problems).toEqual([]);
  });
});
