import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../users/user.entity';

export interface NavLink {
  href: string;
  label: string;
}

/** Navigation by role: each role sees the pages it can use. */
export function navigationFor(user: AuthUser | undefined): NavLink[] {
  const links: NavLink[] = [
    { href: '/', label: 'Accueil' },
    { href: '/metiers', label: 'Métiers' },
    { href: '/bassins', label: "Bassins d'emploi" },
  ];
  if (!user) return links;
  if (user.role === Role.Counsellor || user.role === Role.Coordinator) {
    links.push({ href: '/conseil/profils', label: 'Profils' });
    links.push({ href: '/conseil/mises-en-relation', label: 'Mises en relation' });
    links.push({ href: '/conseil/parrainages', label: 'Parrainages' });
    links.push({ href: '/conseil/sessions', label: 'Propositions des sessions' });
  }
  if (user.role === Role.Coordinator || user.role === Role.Admin) {
    links.push({ href: '/coordination/organisations', label: 'Organisations à valider' });
    links.push({ href: '/coordination/programmes', label: 'Programmes' });
    links.push({ href: '/coordination/correspondances', label: 'Correspondances FAP ↔ ROME' });
    links.push({ href: '/coordination/anonymat', label: 'Anonymat des profils' });
    links.push({ href: '/coordination/parrainages', label: 'Parrainages (suivi)' });
    links.push({ href: '/coordination/demi-journees', label: 'Demi-journées' });
    links.push({ href: '/coordination/sessions', label: 'Sessions de recrutement' });
  }
  if (user.role === Role.Employer && user.organisationId) {
    links.push({ href: '/profils', label: 'Candidats' });
    links.push({ href: '/organisation/besoins', label: 'Nos besoins' });
    links.push({ href: '/organisation/mises-en-relation', label: 'Mises en relation' });
    links.push({ href: '/organisation/parrainages', label: 'Mes parrainages' });
    links.push({ href: '/organisation/demi-journees', label: 'Demi-journées' });
    links.push({ href: '/organisation/sessions', label: 'Sessions de recrutement' });
  }
  if (user.role === Role.Admin) links.push({ href: '/admin/e-mails', label: 'E-mails' });
  if (user.organisationId) links.push({ href: '/organisation', label: 'Mon organisation' });
  links.push({ href: '/compte', label: 'Mon compte' });
  return links;
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

/**
 * Express view engine for templates/pages: renders the page, then wraps it in templates/layouts/main.hbs.
 * Compiled templates are cached outside development so edits show up without a restart while developing.
 */
export function createViewEngine(templatesRoot: string, cache: boolean) {
  const hbs = Handlebars.create();
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('dateTime', (value: unknown) => (value ? DATE_TIME.format(new Date(String(value))) : ''));
  hbs.registerHelper('fieldError', (errors: Record<string, string> | undefined, field: string) => errors?.[field]);

  const partialsDir = join(templatesRoot, 'partials');
  const loadPartials = () => {
    for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
    }
  };
  loadPartials();

  const compile = (file: string) => {
    let template = cache ? compiled.get(file) : undefined;
    if (!template) {
      template = hbs.compile(readFileSync(file, 'utf8'));
      if (cache) compiled.set(file, template);
    }
    return template;
  };

  return (filePath: string, options: Record<string, unknown>, callback: (error: Error | null, html?: string) => void) => {
    try {
      if (!cache) loadPartials();
      const context = { ...options, nav: navigationFor(options.currentUser as AuthUser | undefined) };
      const body = compile(filePath)(context);
      callback(null, compile(join(templatesRoot, 'layouts', 'main.hbs'))({ ...context, body: new Handlebars.SafeString(body) }));
    } catch (error) {
      callback(error as Error);
    }
  };
}
