import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../users/user.entity';
import { createViewEngine, navigationFor } from './view-engine';

const userWith = (role: Role, organisationId: string | null = null): AuthUser => ({
  id: '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23',
  email: 'camille@example.fr',
  displayName: 'Camille',
  role,
  organisationId,
  organisationName: null,
  organisationKind: null,
  organisationStatus: null,
});

const ORGANISATION_ID = '9b2d7c4e-1f3a-4e8b-8c6d-5a4b3c2d1e0f';
const MY_ORGANISATION = { href: '/organisation', label: 'Mon organisation' };

const REVIEW = '/coordination/organisations';
const CROSSWALK = '/coordination/correspondances';
const ANONYMITY = '/coordination/anonymat';
const PROFILES = { href: '/conseil/profils', label: 'Profils' };
const PARTNER_INTRODUCTIONS = { href: '/conseil/mises-en-relation', label: 'Mises en relation' };
const EMPLOYER_INTRODUCTIONS = { href: '/organisation/mises-en-relation', label: 'Mises en relation' };
const PARTNER_SPONSORSHIPS = { href: '/conseil/parrainages', label: 'Parrainages' };
const SESSION_PROPOSALS = { href: '/conseil/sessions', label: 'Propositions des sessions' };
const EMPLOYER_SPONSORSHIPS = { href: '/organisation/parrainages', label: 'Mes parrainages' };
const SPONSORSHIP_FIGURES = { href: '/coordination/parrainages', label: 'Parrainages (suivi)' };
const EVENT_MANAGEMENT = [
  { href: '/coordination/demi-journees', label: 'Demi-journées' },
  { href: '/coordination/sessions', label: 'Sessions de recrutement' },
];
const PUBLIC_LINKS = [
  { href: '/', label: 'Accueil' },
  { href: '/metiers', label: 'Métiers' },
  { href: '/bassins', label: "Bassins d'emploi" },
];

describe('navigationFor', () => {
  it('gives anonymous visitors the public reference pages only', () => {
    expect(navigationFor(undefined)).toEqual(PUBLIC_LINKS);
  });

  it('gives employers the reference pages and account, without the staff queues', () => {
    expect(navigationFor(userWith(Role.Employer))).toEqual([...PUBLIC_LINKS, { href: '/compte', label: 'Mon compte' }]);
  });

  it('gives counsellors their caseload, without the staff queues', () => {
    expect(navigationFor(userWith(Role.Counsellor))).toEqual([...PUBLIC_LINKS, PROFILES, PARTNER_INTRODUCTIONS, PARTNER_SPONSORSHIPS, SESSION_PROPOSALS, { href: '/compte', label: 'Mon compte' }]);
  });

  it('gives admins the review queue, the programmes, the crosswalk, the anonymity report and the e-mail monitor too, but no caseload', () => {
    expect(navigationFor(userWith(Role.Admin))).toEqual([
      ...PUBLIC_LINKS,
      { href: REVIEW, label: 'Organisations à valider' },
      { href: '/coordination/programmes', label: 'Programmes' },
      { href: CROSSWALK, label: 'Correspondances FAP ↔ ROME' },
      { href: ANONYMITY, label: 'Anonymat des profils' },
      SPONSORSHIP_FIGURES,
      ...EVENT_MANAGEMENT,
      { href: '/admin/e-mails', label: 'E-mails' },
      { href: '/compte', label: 'Mon compte' },
    ]);
  });

  it('gives coordinators their caseload, the review queue, the programmes, the crosswalk and the anonymity report', () => {
    expect(navigationFor(userWith(Role.Coordinator))).toEqual([
      ...PUBLIC_LINKS,
      PROFILES,
      PARTNER_INTRODUCTIONS,
      PARTNER_SPONSORSHIPS,
      SESSION_PROPOSALS,
      { href: REVIEW, label: 'Organisations à valider' },
      { href: '/coordination/programmes', label: 'Programmes' },
      { href: CROSSWALK, label: 'Correspondances FAP ↔ ROME' },
      { href: ANONYMITY, label: 'Anonymat des profils' },
      SPONSORSHIP_FIGURES,
      ...EVENT_MANAGEMENT,
      { href: '/compte', label: 'Mon compte' },
    ]);
  });

  it.each([Role.Employer, Role.Counsellor, Role.Coordinator])('gives %s with an organisation a link to it, before the account', (role) => {
    const links = navigationFor(userWith(role, ORGANISATION_ID));
    expect(links.slice(-2)).toEqual([MY_ORGANISATION, { href: '/compte', label: 'Mon compte' }]);
  });

  it('gives employers of an organisation their needs page, and nobody else', () => {
    const needs = { href: '/organisation/besoins', label: 'Nos besoins' };
    expect(navigationFor(userWith(Role.Employer, ORGANISATION_ID))).toContainEqual(needs);
    expect(navigationFor(userWith(Role.Employer))).not.toContainEqual(needs);
    for (const role of [Role.Counsellor, Role.Coordinator, Role.Admin]) expect(navigationFor(userWith(role, ORGANISATION_ID))).not.toContainEqual(needs);
  });

  it('gives employers of an organisation the candidate search, before their needs, and nobody else a link to it', () => {
    const candidates = { href: '/profils', label: 'Candidats' };
    const links = navigationFor(userWith(Role.Employer, ORGANISATION_ID));
    expect(links).toContainEqual(candidates);
    expect(links.findIndex((l) => l.href === '/profils')).toBe(links.findIndex((l) => l.href === '/organisation/besoins') - 1);
    expect(navigationFor(userWith(Role.Employer))).not.toContainEqual(candidates);
    for (const role of [Role.Counsellor, Role.Coordinator, Role.Admin]) expect(navigationFor(userWith(role, ORGANISATION_ID))).not.toContainEqual(candidates);
  });

  it('gives employers of an organisation their introductions, counsellors and coordinators their inbox, admins neither', () => {
    expect(navigationFor(userWith(Role.Employer, ORGANISATION_ID))).toContainEqual(EMPLOYER_INTRODUCTIONS);
    expect(navigationFor(userWith(Role.Employer))).not.toContainEqual(EMPLOYER_INTRODUCTIONS);
    for (const role of [Role.Counsellor, Role.Coordinator]) {
      expect(navigationFor(userWith(role, ORGANISATION_ID))).toContainEqual(PARTNER_INTRODUCTIONS);
      expect(navigationFor(userWith(role, ORGANISATION_ID))).not.toContainEqual(EMPLOYER_INTRODUCTIONS);
    }
    const admin = navigationFor(userWith(Role.Admin));
    expect(admin.filter((link) => link.label === 'Mises en relation')).toEqual([]);
  });

  it('gives employers of an organisation their sponsorships, partner staff theirs, staff the retention figures', () => {
    expect(navigationFor(userWith(Role.Employer, ORGANISATION_ID))).toContainEqual(EMPLOYER_SPONSORSHIPS);
    expect(navigationFor(userWith(Role.Employer))).not.toContainEqual(EMPLOYER_SPONSORSHIPS);
    expect(navigationFor(userWith(Role.Counsellor, ORGANISATION_ID))).toContainEqual(PARTNER_SPONSORSHIPS);
    expect(navigationFor(userWith(Role.Counsellor, ORGANISATION_ID))).not.toContainEqual(SPONSORSHIP_FIGURES);
    expect(navigationFor(userWith(Role.Admin))).toContainEqual(SPONSORSHIP_FIGURES);
    expect(navigationFor(userWith(Role.Admin))).not.toContainEqual(PARTNER_SPONSORSHIPS);
  });

  it('gives employers of an organisation the half-days and their sessions, staff the event management, counsellors neither', () => {
    const employerEvents = [
      { href: '/organisation/demi-journees', label: 'Demi-journées' },
      { href: '/organisation/sessions', label: 'Sessions de recrutement' },
    ];
    for (const link of employerEvents) {
      expect(navigationFor(userWith(Role.Employer, ORGANISATION_ID))).toContainEqual(link);
      expect(navigationFor(userWith(Role.Employer))).not.toContainEqual(link);
    }
    for (const link of EVENT_MANAGEMENT) {
      expect(navigationFor(userWith(Role.Coordinator, ORGANISATION_ID))).toContainEqual(link);
      expect(navigationFor(userWith(Role.Counsellor, ORGANISATION_ID))).not.toContainEqual(link);
    }
  });

  it('gives no organisation link to users without one (admins)', () => {
    expect(navigationFor(userWith(Role.Admin))).not.toContainEqual(MY_ORGANISATION);
  });

  it('shows the caseload to counsellors and coordinators only', () => {
    const withLink = Object.values(Role).filter((role) => navigationFor(userWith(role)).some((link) => link.href === PROFILES.href));
    expect(withLink.sort()).toEqual([Role.Coordinator, Role.Counsellor].sort());
  });

  it('shows the staff queues to coordinators and admins only', () => {
    for (const href of [REVIEW, CROSSWALK, ANONYMITY]) {
      const withLink = Object.values(Role).filter((role) => navigationFor(userWith(role)).some((link) => link.href === href));
      expect(withLink.sort()).toEqual([Role.Admin, Role.Coordinator].sort());
    }
  });

  it('returns a fresh list each time, so callers cannot corrupt it', () => {
    const first = navigationFor(undefined);
    first.push({ href: '/x', label: 'x' });
    expect(navigationFor(undefined)).toHaveLength(PUBLIC_LINKS.length);
  });
});

describe('createViewEngine', () => {
  let root: string;

  const write = (relative: string, content: string) => writeFileSync(join(root, relative), content, 'utf8');

  const render = (engine: ReturnType<typeof createViewEngine>, page: string, options: Record<string, unknown> = {}) =>
    new Promise<string>((resolve, reject) => engine(join(root, 'pages', page), options, (error, html) => (error ? reject(error) : resolve(html ?? ''))));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'passerelle-views-'));
    for (const dir of ['layouts', 'partials', 'pages']) mkdirSync(join(root, dir));
    write('layouts/main.hbs', '<html><title>{{title}}</title><nav>{{#each nav}}<a href="{{href}}">{{label}}</a>{{/each}}</nav><main>{{body}}</main></html>');
    write('partials/x.hbs', '<p class="x">{{who}}</p>');
    write('partials/ignored.txt', 'not a partial');
    write('pages/hello.hbs', '<h1>{{title}}</h1>{{> x}}');
    write('pages/helpers.hbs', '{{#if (eq status "pending")}}EN ATTENTE{{else}}AUTRE{{/if}}|{{dateTime when}}|{{fieldError errors "email"}}|{{fieldError missing "email"}}');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('renders the page, with its partial, inside the layout', async () => {
    const html = await render(createViewEngine(root, true), 'hello.hbs', { title: 'Bonjour', who: 'Camille' });
    expect(html).toBe(
      '<html><title>Bonjour</title><nav><a href="/">Accueil</a><a href="/metiers">Métiers</a><a href="/bassins">Bassins d&#x27;emploi</a></nav>' +
        '<main><h1>Bonjour</h1><p class="x">Camille</p></main></html>',
    );
  });

  it('builds the navigation from the current user', async () => {
    const html = await render(createViewEngine(root, true), 'hello.hbs', { title: 't', currentUser: userWith(Role.Coordinator) });
    expect(html).toContain(`<a href="${REVIEW}">Organisations à valider</a>`);
    expect(html).toContain('<a href="/compte">Mon compte</a>');

    const employerHtml = await render(createViewEngine(root, true), 'hello.hbs', { title: 't', currentUser: userWith(Role.Employer) });
    expect(employerHtml).not.toContain(REVIEW);
  });

  it('escapes HTML in values, exactly once', async () => {
    const html = await render(createViewEngine(root, true), 'hello.hbs', { title: '<script>alert("t")</script>', who: 'Tom & "Jerry" <b>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<h1>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</h1>');
    expect(html).toContain('<p class="x">Tom &amp; &quot;Jerry&quot; &lt;b&gt;</p>');
    expect(html).not.toContain('&amp;lt;');
  });

  it('ignores a nav option given by the caller', async () => {
    const html = await render(createViewEngine(root, true), 'hello.hbs', { title: 't', nav: [{ href: 'https://evil.example', label: 'x' }] });
    expect(html).not.toContain('evil.example');
    expect(html).toContain('<a href="/">Accueil</a>');
  });

  it('provides the eq, dateTime and fieldError helpers', async () => {
    const html = await render(createViewEngine(root, true), 'helpers.hbs', {
      status: 'pending',
      when: '2025-01-15T13:30:00Z',
      errors: { email: 'Adresse e-mail invalide.' },
    });
    const [status, date, error, missing] = html.replace(/^.*<main>|<\/main>.*$/g, '').split('|');
    expect(status).toBe('EN ATTENTE');
    // Rendered in Paris time (UTC+1 in January) and in French.
    expect(date).toMatch(/^15 janvier 2025.*14:30$/);
    expect(error).toBe('Adresse e-mail invalide.');
    expect(missing).toBe('');
  });

  it('renders an empty date for missing values', async () => {
    const html = await render(createViewEngine(root, true), 'helpers.hbs', { status: 'other' });
    expect(html).toContain('<main>AUTRE|||</main>');
  });

  it('reports a missing page to the callback instead of throwing', async () => {
    await expect(render(createViewEngine(root, true), 'absent.hbs')).rejects.toThrow();
  });

  it('reports template errors to the callback', async () => {
    write('pages/broken.hbs', '{{#if}}');
    await expect(render(createViewEngine(root, true), 'broken.hbs')).rejects.toBeInstanceOf(Error);
  });

  it('without cache, picks up edits to pages, partials and the layout', async () => {
    const engine = createViewEngine(root, false);
    expect(await render(engine, 'hello.hbs', { title: 'A', who: 'B' })).toContain('<h1>A</h1><p class="x">B</p>');
    write('pages/hello.hbs', '<h2>{{title}}</h2>{{> x}}');
    write('partials/x.hbs', '<span>{{who}}</span>');
    write('layouts/main.hbs', '<body>{{body}}</body>');
    expect(await render(engine, 'hello.hbs', { title: 'A', who: 'B' })).toBe('<body><h2>A</h2><span>B</span></body>');
  });

  it('with cache, keeps serving the compiled page', async () => {
    const engine = createViewEngine(root, true);
    const first = await render(engine, 'hello.hbs', { title: 'A', who: 'B' });
    write('pages/hello.hbs', '<h2>changed</h2>');
    expect(await render(engine, 'hello.hbs', { title: 'A', who: 'B' })).toBe(first);
  });
});
