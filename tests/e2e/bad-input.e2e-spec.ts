import request from 'supertest';
import { Role } from '../../src/modules/users/user.entity';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { createOrganisation, createUser, randomSiret, TEST_PASSWORD } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Bad input, table-driven: every JSON endpoint of the accounts / organisation-review issue and every HTML
 * form that fronts them receives malformed, oversized, mistyped and over-specified input. Each answer is a
 * 4xx (problem+json for /api, a French page for the forms), never a 500, and no row of the database moves.
 */
jest.setTimeout(60_000);

// ---------------------------------------------------------------------------------------------------------
// Expected problem documents
// ---------------------------------------------------------------------------------------------------------

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

const DETAILS: Record<string, string> = {
  'validation.failed': 'La requête contient des données invalides.',
  'request.malformed': 'Le corps de la requête n’est pas un JSON valide.',
  'request.too_large': 'La requête est trop volumineuse.',
  'request.too_deep': 'Le corps de la requête est trop imbriqué (32 niveaux au plus).',
  'request.invalid': 'Requête invalide.',
  'csrf.invalid': 'Le formulaire a expiré ou ne vient pas de Passerelle. Rechargez la page et réessayez.',
  'auth.unauthenticated': 'Vous devez être connecté.',
  'auth.forbidden': 'Votre rôle ne permet pas cette action.',
};

const NOT_ALLOWED = 'Champ non autorisé.';
const EMAIL_INVALID = 'Adresse e-mail invalide.';
const EMAIL_TOO_LONG = 'Adresse e-mail trop longue (254 caractères au plus).';
const PASSWORD_LENGTH = 'Le mot de passe doit compter entre 12 et 128 caractères.';
const REASON_LENGTH = 'Le motif doit compter entre 5 et 1000 caractères.';

/** Stack traces, file paths or English framework messages must never leak into an answer. */
const LEAK = /\bat [\w.<>]+ \(|\.[jt]s:\d+|node_modules|should not exist|must be a|Unexpected token|SyntaxError|RangeError|TypeError|Maximum call stack/;

/** Every key of a JSON value, however deep. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

type FieldExpectation = string | { field: string; message: string };

interface Expected {
  status: number;
  code: string;
  /** Fields that must be named in `errors` (a bare string: any French message). */
  fields?: FieldExpectation[];
  /** When true, `errors` names exactly the fields above and nothing else. */
  onlyFields?: boolean;
}

type Body = { json: unknown } | { raw: string; type: string } | { none: true };

type Actor = 'anon' | 'coordinator' | 'user' | 'employer';

interface ApiCase extends Expected {
  name: string;
  method?: 'get' | 'post';
  /** `{pending}` and `{other}` are replaced by the ids of organisations created in beforeAll. */
  path: string;
  as?: Actor;
  csrf?: 'valid' | 'none' | 'wrong' | 'wrong-same-length' | 'non-ascii-same-length';
  /** Built when the case runs (values such as existing e-mails exist only after beforeAll). */
  body?: Body | (() => Body);
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  correlationId: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
}

function expectProblem(res: request.Response, expected: Expected): void {
  const context = `${res.status} ${res.text?.slice(0, 400)}`;
  expect({ status: res.status, context }).toEqual({ status: expected.status, context });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as ProblemBody;
  expect(res.text.match(LEAK)?.[0]).toBeUndefined();
  expect(keysOf(body)).not.toContain('stack');
  expect(body).toMatchObject({
    type: `https://passerelle.example/problems/${expected.code}`,
    title: TITLES[expected.status],
    status: expected.status,
    code: expected.code,
    detail: DETAILS[expected.code],
  });
  expect(body.correlationId).toEqual(expect.any(String));
  expect(body.correlationId).toBe(res.headers['x-correlation-id']);
  if (expected.code === 'validation.failed') {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const e of body.errors!) {
      expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
      // French messages only: no class-validator default ("email must be a string", "property x should not exist").
      expect(e.message).not.toMatch(/\b(must|should|property|an unknown value)\b/);
    }
  }
  if (expected.fields) {
    const named = new Set(body.errors?.map((e) => e.field));
    for (const f of expected.fields) {
      if (typeof f === 'string') expect({ field: f, named: [...named] }).toEqual({ field: f, named: expect.arrayContaining([f]) });
      else expect(body.errors).toContainEqual(f);
    }
    if (expected.onlyFields) expect([...named].sort()).toEqual([...new Set(expected.fields.map((f) => (typeof f === 'string' ? f : f.field)))].sort());
  }
}

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

const MALFORMED = '{"email":';
const HUGE = 110 * 1024; // over the 100 kB body limit
const LONG = 10_000;
const long = (field: string): string => {
  if (/email/i.test(field)) return `${'a'.repeat(LONG - 12)}@example.org`;
  if (field === 'siret') return '1'.repeat(LONG);
  return 'é'.repeat(LONG);
};
const WRONG_TYPES: Array<[string, unknown]> = [
  ['a number', 12345678901234],
  ['a boolean', true],
  ['null', null],
  ['an array', ['camille@example.org']],
  ['an object', { value: 'camille@example.org' }],
];
const UNKNOWN_FIELDS = { role: 'admin', status: 'active', organisationId: '7d3c3c3e-6f2b-4a7e-9a55-0c0f7a0ad001' };
/** 30 000 nested arrays: still well under 100 kB of JSON. */
const DEEP = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;

interface JsonEndpoint {
  name: string;
  path: string;
  as: Actor;
  valid: () => Record<string, unknown>;
}

/** The standard battery of bad bodies for an endpoint that takes a JSON body. */
function bodyCases(e: JsonEndpoint): ApiCase[] {
  const fields = Object.keys(e.valid());
  const base = { path: e.path, as: e.as };
  const cases: ApiCase[] = [
    { ...base, name: 'malformed JSON', body: { raw: MALFORMED, type: 'application/json' }, status: 400, code: 'request.malformed' },
    { ...base, name: 'JSON with a trailing comma', body: { raw: '{"email":"a@b.example",}', type: 'application/json' }, status: 400, code: 'request.malformed' },
    { ...base, name: 'a bare JSON string', body: { raw: '"camille@example.org"', type: 'application/json' }, status: 400, code: 'request.malformed' },
    { ...base, name: 'JSON null', body: { raw: 'null', type: 'application/json' }, status: 400, code: 'request.malformed' },
    { ...base, name: 'a JSON array of valid bodies', body: () => ({ json: [e.valid()] }), status: 400, code: 'validation.failed' },
    { ...base, name: 'a body over 100 kB', body: () => ({ json: { ...e.valid(), padding: 'x'.repeat(HUGE) } }), status: 413, code: 'request.too_large' },
    { ...base, name: 'an empty body', body: { raw: '', type: 'application/json' }, status: 400, code: 'validation.failed', fields, onlyFields: true },
    { ...base, name: 'no body at all', body: { none: true }, status: 400, code: 'validation.failed', fields, onlyFields: true },
    { ...base, name: 'an empty object', body: { json: {} }, status: 400, code: 'validation.failed', fields, onlyFields: true },
    {
      ...base,
      name: 'a valid body sent as text/plain',
      body: () => ({ raw: JSON.stringify(e.valid()), type: 'text/plain' }),
      status: 400,
      code: 'validation.failed',
      fields,
      onlyFields: true,
    },
    {
      ...base,
      name: 'a valid body as application/x-www-form-urlencoded with unknown fields',
      body: () => ({ raw: new URLSearchParams({ ...(e.valid() as Record<string, string>), role: 'admin' }).toString(), type: 'application/x-www-form-urlencoded' }),
      status: 400,
      code: 'validation.failed',
      fields: [{ field: 'role', message: NOT_ALLOWED }],
      onlyFields: true,
    },
    {
      ...base,
      name: 'unknown fields next to a valid body',
      body: () => ({ json: { ...e.valid(), ...UNKNOWN_FIELDS } }),
      status: 400,
      code: 'validation.failed',
      fields: Object.keys(UNKNOWN_FIELDS).map((field) => ({ field, message: NOT_ALLOWED })),
      onlyFields: true,
    },
    {
      ...base,
      // Nest's ValidationPipe strips `__proto__` keys before validating: the body must still be refused for the
      // missing field, and nothing may leak into Object.prototype.
      name: 'a __proto__ key (and a missing field)',
      body: () => {
        const rest = JSON.stringify({ ...e.valid(), [fields[0]]: undefined }).slice(1);
        return { raw: `{"__proto__":{"role":"admin","isAdmin":true}${rest === '}' ? '' : ','}${rest}`, type: 'application/json' };
      },
      status: 400,
      code: 'validation.failed',
      fields: [fields[0]],
    },
    {
      ...base,
      name: 'a deeply nested value',
      body: () => ({ raw: JSON.stringify({ ...e.valid(), [fields[0]]: '__DEEP__' }).replace('"__DEEP__"', DEEP), type: 'application/json' }),
      status: 400,
      code: 'request.too_deep',
    },
    {
      ...base,
      name: `every string field ${LONG} characters long`,
      body: { json: Object.fromEntries(fields.map((f) => [f, long(f)])) },
      status: 400,
      code: 'validation.failed',
      fields,
      onlyFields: true,
    },
  ];
  for (const field of fields) {
    for (const [label, value] of WRONG_TYPES) {
      cases.push({ ...base, name: `${field} is ${label}`, body: () => ({ json: { ...e.valid(), [field]: value } }), status: 400, code: 'validation.failed', fields: [field], onlyFields: true });
    }
    cases.push({ ...base, name: `${field} is ${LONG} characters long`, body: () => ({ json: { ...e.valid(), [field]: long(field) } }), status: 400, code: 'validation.failed', fields: [field], onlyFields: true });
    cases.push({ ...base, name: `${field} is missing`, body: () => ({ json: { ...e.valid(), [field]: undefined } }), status: 400, code: 'validation.failed', fields: [field], onlyFields: true });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// HTML helpers
// ---------------------------------------------------------------------------------------------------------

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');

function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error(`no _csrf field in page:\n${html.slice(0, 500)}`);
  return match[1];
}

function expectHtml(res: request.Response, status: number): void {
  const context = `${res.status} ${res.text?.slice(0, 400)}`;
  expect({ status: res.status, context }).toEqual({ status, context });
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toContain('<html lang="fr">');
  expect(res.text.match(LEAK)?.[0]).toBeUndefined();
}

/** The French error page (not a form) with the given detail. */
function expectErrorPage(res: request.Response, status: number, detail: string): void {
  expectHtml(res, status);
  expect(res.text).toContain(escapeHtml(detail));
  expect(res.text).toContain('Identifiant de corrélation');
}

/** The messages a page shows: next to each input, and in the error summary at the top. */
function shownErrors(html: string): { inline: Record<string, string>; summary: Record<string, string> } {
  const unescape = (s: string) => s.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
  const inline = Object.fromEntries([...html.matchAll(/<p class="error" id="([^"]+)-error">([^<]*)<\/p>/g)].map((m) => [m[1], unescape(m[2])]));
  const summary = Object.fromEntries([...html.matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => [unescape(m[1]), unescape(m[2])]));
  return { inline, summary };
}

/** The form page re-rendered with a French message next to each given field (one of the allowed messages). */
function expectFormError(res: request.Response, action: string, errors: Record<string, string | string[]>): void {
  expectHtml(res, 400);
  expect(res.text).toContain(`<form method="post" action="${action}"`);
  const { inline } = shownErrors(res.text);
  for (const [field, allowed] of Object.entries(errors)) {
    const list = Array.isArray(allowed) ? allowed : [allowed];
    if (!list.includes(inline[field])) throw new Error(`field ${field}: expected one of ${JSON.stringify(list)}, page shows ${JSON.stringify(shownErrors(res.text))}`);
    expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
  }
}

/** The form page re-rendered with the message in the error summary (for fields the form has no input for). */
function expectSummaryError(res: request.Response, action: string, field: string, message: string): void {
  expectHtml(res, 400);
  expect(res.text).toContain(`<form method="post" action="${action}"`);
  expect(shownErrors(res.text).summary).toMatchObject({ [field]: message });
}

const form = (values: Record<string, string | string[] | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

// ---------------------------------------------------------------------------------------------------------

describe('bad input is refused with a 4xx and leaves the database unchanged', () => {
  let t: TestApp;
  const actors: Partial<Record<Actor, { agent: Agent; csrf: string; email: string }>> = {};
  /** A pending organisation: a refusal or approval that slipped through would change it. */
  let pending: Organisation;
  /** Another pending organisation, for the forms. */
  let pendingForForms: Organisation;
  /** A third one, for approvals that carry a body. */
  let approvable: Organisation;
  let existingEmail: string;

  type Snapshot = Record<string, { n: number; sum: string }>;
  const TABLES: Record<string, string> = { organisations: 'id', users: 'id', outbox_messages: 'id', email_deliveries: 'outbox_id' };
  async function snapshot(): Promise<Snapshot> {
    const out: Snapshot = {};
    for (const [table, key] of Object.entries(TABLES)) {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t.${key}), '')) AS sum FROM ${table} t`);
      out[table] = row;
    }
    return out;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const coordinator = await createUser(t.dataSource, { role: Role.Coordinator });
    const counsellor = await createUser(t.dataSource, { role: Role.Counsellor });
    const employer = await createUser(t.dataSource, { role: Role.Employer });
    existingEmail = counsellor.email;
    pending = await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending, name: 'En Attente SARL' });
    await createUser(t.dataSource, { role: Role.Employer, organisationId: pending.id, emailVerifiedAt: null });
    pendingForForms = await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending, name: 'Formulaire SAS' });
    await createUser(t.dataSource, { role: Role.Employer, organisationId: pendingForForms.id });
    approvable = await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending, name: 'À Valider SCOP' });
    await createUser(t.dataSource, { role: Role.Employer, organisationId: approvable.id });
    actors.coordinator = { ...(await loginAgent(t.server, coordinator.email)), email: coordinator.email };
    actors.user = { ...(await loginAgent(t.server, counsellor.email)), email: counsellor.email };
    actors.employer = { ...(await loginAgent(t.server, employer.email)), email: employer.email };
  });
  afterAll(() => t?.close());

  async function send(c: ApiCase): Promise<request.Response> {
    const actor = c.as && c.as !== 'anon' ? actors[c.as] : undefined;
    const path = c.path.replace('{pending}', pending.id).replace('{approvable}', approvable.id);
    const client = actor ? actor.agent : request(t.server);
    let req = (c.method ?? 'post') === 'get' ? client.get(path) : client.post(path);
    if (actor) {
      const token = actor.csrf;
      const header = {
        valid: token,
        none: undefined,
        wrong: 'faux-jeton',
        'wrong-same-length': token.slice(1) + (token[0] === 'a' ? 'b' : 'a'),
        'non-ascii-same-length': `é${token.slice(1)}`,
      }[c.csrf ?? 'valid'];
      if (header !== undefined) req = req.set('X-CSRF-Token', header);
    }
    const body = (typeof c.body === 'function' ? c.body() : c.body) ?? { none: true };
    if ('json' in body) req = req.send(body.json as object);
    else if ('raw' in body) req = req.set('Content-Type', body.type).send(body.raw);
    return req;
  }

  /** One describe per endpoint: the cases, then the database check against a snapshot taken before them. */
  function endpointGroup(title: string, cases: () => ApiCase[]): void {
    describe(title, () => {
      let before: Snapshot;
      beforeAll(async () => {
        before = await snapshot();
      });
      for (const c of cases()) {
        it(`${c.name} → ${c.status} ${c.code}`, async () => {
          expectProblem(await send(c), c);
          expect(({} as Record<string, unknown>).role).toBeUndefined();
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        });
      }
      it('leaves organisations, users, outbox_messages and email_deliveries unchanged', async () => {
        expect(await snapshot()).toEqual(before);
      });
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // JSON API
  // -------------------------------------------------------------------------------------------------------

  endpointGroup('POST /api/auth/signup', () =>
    bodyCases({
      name: 'signup',
      path: '/api/auth/signup',
      as: 'anon',
      valid: () => ({
        email: `nouvel-employeur-${Math.random().toString(36).slice(2, 8)}@btp.example`,
        password: 'un-mot-de-passe-solide',
        displayName: 'Camille Martin',
        organisationName: 'Bâtiment Test',
        organisationKind: OrganisationKind.Company,
        siret: randomSiret(),
      }),
    }),
  );

  endpointGroup('POST /api/auth/login', () => [
    ...bodyCases({ name: 'login', path: '/api/auth/login', as: 'anon', valid: () => ({ email: existingEmail, password: TEST_PASSWORD }) }),
  ]);

  endpointGroup('POST /api/auth/verify-email', () => bodyCases({ name: 'verify', path: '/api/auth/verify-email', as: 'anon', valid: () => ({ token: 'x'.repeat(43) }) }));

  endpointGroup('POST /api/auth/verify-email/resend', () =>
    bodyCases({ name: 'resend', path: '/api/auth/verify-email/resend', as: 'anon', valid: () => ({ email: existingEmail }) }),
  );

  endpointGroup('POST /api/auth/password-reset/request', () =>
    bodyCases({ name: 'reset request', path: '/api/auth/password-reset/request', as: 'anon', valid: () => ({ email: existingEmail }) }),
  );

  endpointGroup('POST /api/auth/password-reset/confirm', () =>
    bodyCases({ name: 'reset confirm', path: '/api/auth/password-reset/confirm', as: 'anon', valid: () => ({ token: 'x'.repeat(43), password: 'un-nouveau-mot-de-passe' }) }),
  );

  endpointGroup('POST /api/auth/me/password', () => {
    const valid = () => ({ currentPassword: TEST_PASSWORD, newPassword: 'un-nouveau-mot-de-passe' });
    return [
      ...bodyCases({ name: 'change password', path: '/api/auth/me/password', as: 'user', valid }),
      { name: 'without a session', path: '/api/auth/me/password', as: 'anon', body: { json: valid() }, status: 401, code: 'auth.unauthenticated' },
      { name: 'without the CSRF header', path: '/api/auth/me/password', as: 'user', csrf: 'none', body: { json: valid() }, status: 403, code: 'csrf.invalid' },
      { name: 'with a wrong CSRF header', path: '/api/auth/me/password', as: 'user', csrf: 'wrong', body: { json: valid() }, status: 403, code: 'csrf.invalid' },
      { name: 'with a wrong CSRF header of the right length', path: '/api/auth/me/password', as: 'user', csrf: 'wrong-same-length', body: { json: valid() }, status: 403, code: 'csrf.invalid' },
      // Sent without a body: Node then writes the headers alone, in latin1, so the server sees a 43-character
      // header whose UTF-8 form is 44 bytes (with a body, the headers go out as UTF-8 and the lengths differ).
      { name: 'with a non-ASCII CSRF header of the right length', path: '/api/auth/me/password', as: 'user', csrf: 'non-ascii-same-length', status: 403, code: 'csrf.invalid' },
    ];
  });

  endpointGroup('POST /api/organisations/:id/refuse', () => {
    const path = '/api/organisations/{pending}/refuse';
    const valid = () => ({ reason: 'SIRET sans rapport avec l’activité' });
    return [
      ...bodyCases({ name: 'refuse', path, as: 'coordinator', valid }),
      { name: 'a reason of 4 characters', path, as: 'coordinator', body: { json: { reason: 'Non.' } }, status: 400, code: 'validation.failed', fields: [{ field: 'reason', message: REASON_LENGTH }], onlyFields: true },
      { name: 'a reason of blanks only', path, as: 'coordinator', body: { json: { reason: '      \n\t     ' } }, status: 400, code: 'validation.failed', fields: [{ field: 'reason', message: REASON_LENGTH }], onlyFields: true },
      { name: 'a reason of 1001 characters', path, as: 'coordinator', body: { json: { reason: 'x'.repeat(1001) } }, status: 400, code: 'validation.failed', fields: [{ field: 'reason', message: REASON_LENGTH }], onlyFields: true },
      { name: 'an id that is not a uuid', path: '/api/organisations/pas-un-uuid/refuse', as: 'coordinator', body: { json: valid() }, status: 400, code: 'validation.failed', fields: [{ field: 'id', message: 'Identifiant invalide.' }], onlyFields: true },
      { name: 'a uuid that is not v4', path: '/api/organisations/6ba7b810-9dad-11d1-80b4-00c04fd430c8/refuse', as: 'coordinator', body: { json: valid() }, status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: `an id of ${LONG} characters`, path: `/api/organisations/${'a'.repeat(LONG)}/refuse`, as: 'coordinator', body: { json: valid() }, status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: 'an id with SQL in it', path: `/api/organisations/${encodeURIComponent("' OR 1=1 --")}/refuse`, as: 'coordinator', body: { json: valid() }, status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: 'without a session', path, as: 'anon', body: { json: valid() }, status: 401, code: 'auth.unauthenticated' },
      { name: 'as an employer', path, as: 'employer', body: { json: valid() }, status: 403, code: 'auth.forbidden' },
      { name: 'as a counsellor', path, as: 'user', body: { json: valid() }, status: 403, code: 'auth.forbidden' },
      { name: 'without the CSRF header', path, as: 'coordinator', csrf: 'none', body: { json: valid() }, status: 403, code: 'csrf.invalid' },
      { name: 'with a non-ASCII CSRF header of the right length', path, as: 'coordinator', csrf: 'non-ascii-same-length', status: 403, code: 'csrf.invalid' },
    ];
  });

  endpointGroup('POST /api/organisations/:id/approve (no body expected)', () => {
    const path = '/api/organisations/{pending}/approve';
    return [
      { name: 'malformed JSON', path, as: 'coordinator', body: { raw: MALFORMED, type: 'application/json' }, status: 400, code: 'request.malformed' },
      { name: 'a body over 100 kB', path, as: 'coordinator', body: { json: { padding: 'x'.repeat(HUGE) } }, status: 413, code: 'request.too_large' },
      { name: 'an id that is not a uuid', path: '/api/organisations/pas-un-uuid/approve', as: 'coordinator', status: 400, code: 'validation.failed', fields: [{ field: 'id', message: 'Identifiant invalide.' }], onlyFields: true },
      { name: 'a uuid that is not v4', path: '/api/organisations/6ba7b810-9dad-11d1-80b4-00c04fd430c8/approve', as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: `an id of ${LONG} characters`, path: `/api/organisations/${'1'.repeat(LONG)}/approve`, as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: 'without a session', path, as: 'anon', status: 401, code: 'auth.unauthenticated' },
      { name: 'as an employer', path, as: 'employer', status: 403, code: 'auth.forbidden' },
      { name: 'without the CSRF header', path, as: 'coordinator', csrf: 'none', status: 403, code: 'csrf.invalid' },
      { name: 'with a wrong CSRF header', path, as: 'coordinator', csrf: 'wrong-same-length', status: 403, code: 'csrf.invalid' },
      { name: 'with a non-ASCII CSRF header of the right length', path, as: 'coordinator', csrf: 'non-ascii-same-length', status: 403, code: 'csrf.invalid' },
    ];
  });

  endpointGroup('POST /api/auth/logout (no body expected)', () => [
    { name: 'malformed JSON', path: '/api/auth/logout', as: 'anon', body: { raw: MALFORMED, type: 'application/json' }, status: 400, code: 'request.malformed' },
    { name: 'a body over 100 kB', path: '/api/auth/logout', as: 'anon', body: { json: { padding: 'x'.repeat(HUGE) } }, status: 413, code: 'request.too_large' },
    { name: 'malformed JSON with a session', path: '/api/auth/logout', as: 'user', body: { raw: MALFORMED, type: 'application/json' }, status: 400, code: 'request.malformed' },
    { name: 'with a session but without the CSRF header', path: '/api/auth/logout', as: 'user', csrf: 'none', status: 403, code: 'csrf.invalid' },
  ]);

  endpointGroup('GET /api/organisations (query) and GET /api/organisations/:id', () => {
    const q = (query: string, expected: Omit<Expected, 'status' | 'code'> & Partial<Expected>, name = query): ApiCase => ({
      name: `?${name}`,
      method: 'get',
      path: `/api/organisations?${query}`,
      as: 'coordinator',
      status: 400,
      code: 'validation.failed',
      onlyFields: true,
      ...expected,
    });
    return [
      q('status=inconnu', { fields: [{ field: 'status', message: 'Statut inconnu.' }] }),
      q('status=PENDING', { fields: ['status'] }),
      q('status=', { fields: ['status'] }),
      q('status=pending&status=active', { fields: ['status'] }),
      q(`status=${'p'.repeat(LONG)}`, { fields: ['status'] }, `status=<${LONG} characters>`),
      q('status[]=pending', { fields: [{ field: 'status[]', message: NOT_ALLOWED }] }),
      q('page=abc', { fields: [{ field: 'page', message: 'Le numéro de page doit être un entier.' }] }),
      q('page=0', { fields: [{ field: 'page', message: 'Le numéro de page commence à 1.' }] }),
      q('page=-1', { fields: ['page'] }),
      q('page=1.5', { fields: ['page'] }),
      q('page=1e3', { fields: ['page'] }),
      q('page=0x10', { fields: ['page'] }),
      q('page=', { fields: ['page'] }),
      q('page=100001', { fields: [{ field: 'page', message: 'Numéro de page trop grand.' }] }),
      q('page=99999999999999999999', { fields: ['page'] }),
      q(`page=${'9'.repeat(LONG)}`, { fields: ['page'] }, `page=<${LONG} digits>`),
      q('page=1&page=2', { fields: ['page'] }),
      q('pageSize=0', { fields: [{ field: 'pageSize', message: 'La taille de page est d’au moins 1.' }] }),
      q('pageSize=101', { fields: [{ field: 'pageSize', message: 'La taille de page est d’au plus 100.' }] }),
      q('pageSize=dix', { fields: [{ field: 'pageSize', message: 'La taille de page doit être un entier.' }] }),
      q('pageSize=20.0', { fields: ['pageSize'] }),
      q('role=admin', { fields: [{ field: 'role', message: NOT_ALLOWED }] }),
      q('status=pending&organisationId=1&sort=name', { fields: [{ field: 'organisationId', message: NOT_ALLOWED }, { field: 'sort', message: NOT_ALLOWED }] }),
      q('status=inconnu&page=0&pageSize=1000', { fields: ['status', 'page', 'pageSize'] }),
      { name: 'list without a session', method: 'get', path: '/api/organisations?status=inconnu', as: 'anon', status: 401, code: 'auth.unauthenticated' },
      { name: 'list as an employer', method: 'get', path: '/api/organisations?page=0', as: 'employer', status: 403, code: 'auth.forbidden' },
      { name: '/:id not a uuid', method: 'get', path: '/api/organisations/pas-un-uuid', as: 'coordinator', status: 400, code: 'validation.failed', fields: [{ field: 'id', message: 'Identifiant invalide.' }], onlyFields: true },
      { name: '/:id a number', method: 'get', path: '/api/organisations/42', as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: '/:id a uuid v1', method: 'get', path: '/api/organisations/6ba7b810-9dad-11d1-80b4-00c04fd430c8', as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: '/:id a uuid with braces', method: 'get', path: `/api/organisations/${encodeURIComponent('{7d3c3c3e-6f2b-4a7e-9a55-0c0f7a0ad001}')}`, as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
      { name: '/:id with an invalid percent-encoding (%FF)', method: 'get', path: '/api/organisations/%FF', as: 'coordinator', status: 400, code: 'request.invalid' },
      { name: `/:id of ${LONG} characters`, method: 'get', path: `/api/organisations/${'f'.repeat(LONG)}`, as: 'coordinator', status: 400, code: 'validation.failed', fields: ['id'], onlyFields: true },
    ];
  });

  /**
   * Endpoints that take no body must not silently ignore one: `status: 'refused'` sent to /approve, or any
   * other field, is an unknown field like everywhere else. It uses an organisation of its own: if the body is
   * ignored, that organisation gets approved (and the database check of this group fails).
   */
  endpointGroup('endpoints without a body reject unknown fields', () => [
    {
      name: 'POST /api/organisations/:id/approve with unknown fields',
      path: '/api/organisations/{approvable}/approve',
      as: 'coordinator',
      body: { json: { status: 'refused', reason: 'Je voulais refuser' } },
      status: 400,
      code: 'validation.failed',
      fields: [{ field: 'status', message: NOT_ALLOWED }, { field: 'reason', message: NOT_ALLOWED }],
    },
  ]);

  // -------------------------------------------------------------------------------------------------------
  // HTML forms
  // -------------------------------------------------------------------------------------------------------

  describe('HTML forms', () => {
    let before: Snapshot;
    beforeAll(async () => {
      before = await snapshot();
    });

    const CSRF_DETAIL = DETAILS['csrf.invalid'];

    /** A fresh anonymous browser that has loaded a page, with the page's CSRF token. */
    async function browserOn(page: string): Promise<{ agent: Agent; csrf: string }> {
      const agent = request.agent(t.server);
      const res = await agent.get(page);
      expect(res.status).toBe(200);
      return { agent, csrf: csrfFrom(res.text) };
    }

    /** A signed-in browser (the API login cookie) that has loaded a page, with the page's CSRF token. */
    async function signedInOn(actor: 'user' | 'coordinator', page: string): Promise<{ agent: Agent; csrf: string }> {
      const { agent } = actors[actor]!;
      const res = await agent.get(page);
      expect(res.status).toBe(200);
      return { agent, csrf: csrfFrom(res.text) };
    }

    const validSignup = () => ({
      organisationName: 'Menuiserie Test',
      organisationKind: OrganisationKind.Company,
      siret: randomSiret(),
      displayName: 'Camille Martin',
      email: `formulaire-${Math.random().toString(36).slice(2, 8)}@btp.example`,
      password: 'un-mot-de-passe-solide',
    });

    interface FormTarget {
      action: string;
      page: string;
      as?: 'user' | 'coordinator';
      valid: () => Record<string, string>;
    }
    const targets: FormTarget[] = [
      { action: '/inscription', page: '/inscription', valid: validSignup },
      { action: '/connexion', page: '/connexion', valid: () => ({ email: existingEmail, password: TEST_PASSWORD }) },
      { action: '/mot-de-passe-oublie', page: '/mot-de-passe-oublie', valid: () => ({ email: existingEmail }) },
      { action: '/reinitialiser-mot-de-passe', page: '/reinitialiser-mot-de-passe?jeton=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', valid: () => ({ token: 'x'.repeat(30), password: 'un-nouveau-mot-de-passe' }) },
      { action: '/verifier-email/renvoyer', page: '/connexion', valid: () => ({ email: existingEmail }) },
      { action: '/compte/mot-de-passe', page: '/compte', as: 'user', valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'un-nouveau-mot-de-passe' }) },
      { action: '/coordination/organisations/{pending}/refuser', page: '/coordination/organisations/{pending}', as: 'coordinator', valid: () => ({ reason: 'SIRET sans rapport avec l’activité' }) },
    ];
    const resolve = (s: string) => s.replace('{pending}', pendingForForms.id);

    async function browserFor(target: FormTarget) {
      return target.as ? signedInOn(target.as, resolve(target.page)) : browserOn(resolve(target.page));
    }

    describe.each(targets.map((target) => [target.action, target] as const))('POST %s: CSRF', (_action, target) => {
      it('without a _csrf field → 403 French error page', async () => {
        const { agent } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form(target.valid()));
        expectErrorPage(res, 403, CSRF_DETAIL);
      });
      it('with a wrong _csrf field → 403', async () => {
        const { agent, csrf } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form({ ...target.valid(), _csrf: csrf.slice(1) + (csrf[0] === 'a' ? 'b' : 'a') }));
        expectErrorPage(res, 403, CSRF_DETAIL);
      });
      it('with two _csrf fields → 403', async () => {
        const { agent, csrf } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form({ ...target.valid(), _csrf: [csrf, csrf] }));
        expectErrorPage(res, 403, CSRF_DETAIL);
      });
      it('with a non-ASCII _csrf field of the right length → 403', async () => {
        const { agent, csrf } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form({ ...target.valid(), _csrf: `é${csrf.slice(1)}` }));
        expectErrorPage(res, 403, CSRF_DETAIL);
      });
      it('with the token of another browser → 403', async () => {
        const { csrf } = await browserOn('/connexion');
        const { agent } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form({ ...target.valid(), _csrf: csrf }));
        expectErrorPage(res, 403, CSRF_DETAIL);
      });
      it('with a form over 100 kB → 413 French error page', async () => {
        const { agent, csrf } = await browserFor(target);
        const res = await agent.post(resolve(target.action)).type('form').send(form({ _csrf: csrf, ...target.valid(), padding: 'x'.repeat(HUGE) }));
        expectErrorPage(res, 413, 'La requête est trop volumineuse.');
      });
      it('with more than 300 fields → 413 French error page', async () => {
        const { agent, csrf } = await browserFor(target);
        const many = Object.fromEntries(Array.from({ length: 350 }, (_, i) => [`champ${i}`, 'x']));
        const res = await agent.post(resolve(target.action)).type('form').send(form({ _csrf: csrf, ...target.valid(), ...many }));
        expectErrorPage(res, 413, 'Trop de champs dans la requête.');
      });
    });

    /** Form-encoded bad fields with a valid token: the page comes back with the message next to the field. */
    interface FormCase {
      name: string;
      target: string;
      fields: (valid: Record<string, string>) => Record<string, string | string[] | undefined>;
      /** field → message shown next to the input; `summary` for fields without an input. */
      errors?: Record<string, string | string[]>;
      summary?: [string, string];
      /** For endpoints that always redirect (no account enumeration), the expected redirect. */
      redirect?: string;
      /** For errors rendered as the error page rather than the form. */
      errorPage?: [number, string];
      /** A value that must not be echoed back into the page. */
      notEchoed?: string;
    }
    const long10k = 'é'.repeat(LONG);
    const formCases: FormCase[] = [
      // /inscription
      { name: 'invalid e-mail', target: '/inscription', fields: (v) => ({ ...v, email: 'pas-une-adresse' }), errors: { email: EMAIL_INVALID }, notEchoed: 'un-mot-de-passe-solide' },
      { name: 'two e-mails (array)', target: '/inscription', fields: (v) => ({ ...v, email: [v.email, 'autre@btp.example'] }), errors: { email: EMAIL_INVALID } },
      { name: 'short password', target: '/inscription', fields: (v) => ({ ...v, password: 'court' }), errors: { password: PASSWORD_LENGTH }, notEchoed: 'court' },
      { name: `password of ${LONG} characters`, target: '/inscription', fields: (v) => ({ ...v, password: long10k }), errors: { password: PASSWORD_LENGTH } },
      { name: `display name of ${LONG} characters`, target: '/inscription', fields: (v) => ({ ...v, displayName: long10k }), errors: { displayName: 'Le nom doit compter entre 2 et 120 caractères.' } },
      { name: `organisation name of ${LONG} characters`, target: '/inscription', fields: (v) => ({ ...v, organisationName: long10k }), errors: { organisationName: 'Le nom de l’organisation doit compter entre 2 et 160 caractères.' } },
      { name: 'organisation kind not for employers', target: '/inscription', fields: (v) => ({ ...v, organisationKind: 'spip' }), errors: { organisationKind: 'Type d’organisation non autorisé.' } },
      { name: 'invalid SIRET', target: '/inscription', fields: (v) => ({ ...v, siret: '12345678901234' }), errors: { siret: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' } },
      { name: `SIRET of ${LONG} digits`, target: '/inscription', fields: (v) => ({ ...v, siret: '1'.repeat(LONG) }), errors: { siret: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' } },
      { name: 'every field empty', target: '/inscription', fields: () => ({ organisationName: '', organisationKind: '', siret: '', displayName: '', email: '', password: '' }), errors: { email: EMAIL_INVALID, password: PASSWORD_LENGTH, siret: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' } },
      { name: 'no field at all', target: '/inscription', fields: () => ({}), errors: { email: EMAIL_INVALID, password: PASSWORD_LENGTH } },
      { name: 'unknown field role=admin', target: '/inscription', fields: (v) => ({ ...v, role: 'admin' }), summary: ['role', NOT_ALLOWED] },
      // qs drops `__proto__` keys: the form is still refused for the bad e-mail, and nothing is polluted.
      { name: 'a __proto__ field (and an invalid e-mail)', target: '/inscription', fields: (v) => ({ ...v, ['__proto__']: 'admin', email: 'pas-une-adresse' }), errors: { email: EMAIL_INVALID } },
      { name: 'bracketed field name email[]', target: '/inscription', fields: (v) => ({ ...v, email: undefined, 'email[]': v.email }), errors: { email: EMAIL_INVALID }, summary: ['email[]', NOT_ALLOWED] },
      { name: 'bracketed field name email[x]', target: '/inscription', fields: (v) => ({ ...v, email: undefined, 'email[x]': v.email }), errors: { email: EMAIL_INVALID }, summary: ['email[x]', NOT_ALLOWED] },
      { name: 'invalid percent-encoding', target: '/inscription', fields: (v) => ({ ...v, email: '%E0%A4%A' }), errors: { email: EMAIL_INVALID } },
      // /connexion
      { name: 'invalid e-mail', target: '/connexion', fields: (v) => ({ ...v, email: 'pas-une-adresse' }), errors: { email: EMAIL_INVALID } },
      { name: 'empty password', target: '/connexion', fields: (v) => ({ ...v, password: '' }), errors: { password: 'Mot de passe requis.' } },
      { name: `password of ${LONG} characters`, target: '/connexion', fields: (v) => ({ ...v, password: long10k }), errors: { password: PASSWORD_LENGTH } },
      { name: `e-mail of ${LONG} characters`, target: '/connexion', fields: (v) => ({ ...v, email: long('email') }), errors: { email: [EMAIL_TOO_LONG, EMAIL_INVALID] } },
      { name: 'two passwords (array)', target: '/connexion', fields: (v) => ({ ...v, password: [v.password, v.password] }), errors: { password: ['Mot de passe requis.', PASSWORD_LENGTH] } },
      { name: 'unknown field role=admin', target: '/connexion', fields: (v) => ({ ...v, role: 'admin' }), summary: ['role', NOT_ALLOWED] },
      // /mot-de-passe-oublie
      { name: 'invalid e-mail', target: '/mot-de-passe-oublie', fields: () => ({ email: 'pas-une-adresse' }), errors: { email: EMAIL_INVALID } },
      { name: `e-mail of ${LONG} characters`, target: '/mot-de-passe-oublie', fields: () => ({ email: long('email') }), errors: { email: [EMAIL_TOO_LONG, EMAIL_INVALID] } },
      { name: 'two e-mails (array)', target: '/mot-de-passe-oublie', fields: (v) => ({ email: [v.email, 'autre@btp.example'] }), errors: { email: EMAIL_INVALID } },
      { name: 'unknown field', target: '/mot-de-passe-oublie', fields: (v) => ({ ...v, userId: '1' }), summary: ['userId', NOT_ALLOWED] },
      // /reinitialiser-mot-de-passe
      { name: 'short password', target: '/reinitialiser-mot-de-passe', fields: (v) => ({ ...v, password: 'court' }), errors: { password: PASSWORD_LENGTH } },
      { name: `password of ${LONG} characters`, target: '/reinitialiser-mot-de-passe', fields: (v) => ({ ...v, password: long10k }), errors: { password: PASSWORD_LENGTH } },
      { name: 'two passwords (array)', target: '/reinitialiser-mot-de-passe', fields: (v) => ({ ...v, password: [v.password, v.password] }), errors: { password: PASSWORD_LENGTH } },
      // /compte/mot-de-passe
      { name: 'empty current password', target: '/compte/mot-de-passe', fields: (v) => ({ ...v, currentPassword: '' }), errors: { currentPassword: 'Mot de passe actuel requis.' } },
      { name: 'short new password', target: '/compte/mot-de-passe', fields: (v) => ({ ...v, newPassword: 'court' }), errors: { newPassword: PASSWORD_LENGTH } },
      { name: `new password of ${LONG} characters`, target: '/compte/mot-de-passe', fields: (v) => ({ ...v, newPassword: long10k }), errors: { newPassword: PASSWORD_LENGTH } },
      { name: 'two new passwords (array)', target: '/compte/mot-de-passe', fields: (v) => ({ ...v, newPassword: [v.newPassword, v.newPassword] }), errors: { newPassword: PASSWORD_LENGTH } },
      { name: 'unknown field role=admin', target: '/compte/mot-de-passe', fields: (v) => ({ ...v, role: 'admin' }), summary: ['role', NOT_ALLOWED] },
      // /coordination/organisations/:id/refuser
      { name: 'empty reason', target: '/coordination/organisations/{pending}/refuser', fields: () => ({ reason: '' }), errors: { reason: REASON_LENGTH } },
      { name: 'reason of blanks', target: '/coordination/organisations/{pending}/refuser', fields: () => ({ reason: '     \r\n     ' }), errors: { reason: REASON_LENGTH } },
      { name: `reason of ${LONG} characters`, target: '/coordination/organisations/{pending}/refuser', fields: () => ({ reason: long10k }), errors: { reason: REASON_LENGTH } },
      { name: 'two reasons (array)', target: '/coordination/organisations/{pending}/refuser', fields: (v) => ({ reason: [v.reason, v.reason] }), errors: { reason: REASON_LENGTH } },
      { name: 'unknown field status=active', target: '/coordination/organisations/{pending}/refuser', fields: (v) => ({ ...v, status: 'active' }), summary: ['status', NOT_ALLOWED] },
      { name: 'id not a uuid', target: '/coordination/organisations/pas-un-uuid/refuser', fields: (v) => v, errorPage: [400, 'Identifiant invalide.'] },
      { name: 'unknown organisation and invalid reason', target: '/coordination/organisations/7d3c3c3e-6f2b-4a7e-9a55-0c0f7a0ad001/refuser', fields: () => ({ reason: '' }), errorPage: [404, ''] },
      // /verifier-email/renvoyer always redirects with the same message (no account enumeration).
      { name: 'invalid e-mail', target: '/verifier-email/renvoyer', fields: () => ({ email: 'pas-une-adresse' }), redirect: '/connexion?info=lien-envoye' },
      { name: 'two e-mails (array)', target: '/verifier-email/renvoyer', fields: (v) => ({ email: [v.email, v.email] }), redirect: '/connexion?info=lien-envoye' },
      { name: `e-mail of ${LONG} characters`, target: '/verifier-email/renvoyer', fields: () => ({ email: long('email') }), redirect: '/connexion?info=lien-envoye' },
      { name: 'unknown field', target: '/verifier-email/renvoyer', fields: (v) => ({ ...v, role: 'admin' }), redirect: '/connexion?info=lien-envoye' },
    ];

    it.each(formCases.map((c) => [`${c.target}: ${c.name}`, c] as const))('POST %s', async (_label, c) => {
      const target = targets.find((x) => x.action === c.target) ?? { ...targets.find((x) => x.action.startsWith('/coordination'))!, action: c.target };
      const { agent, csrf } = await browserFor(target);
      const res = await agent.post(resolve(c.target)).type('form').send(form({ _csrf: csrf, ...c.fields(target.valid()) }));
      if (c.redirect) {
        expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 303, text: expect.any(String) });
        expect(res.headers.location).toBe(c.redirect);
      } else if (c.errorPage) {
        expectHtml(res, c.errorPage[0]);
        if (c.errorPage[1]) expect(res.text).toContain(escapeHtml(c.errorPage[1]));
      } else {
        if (c.errors) expectFormError(res, resolve(c.target), c.errors);
        if (c.summary) expectSummaryError(res, resolve(c.target), c.summary[0], c.summary[1]);
      }
      if (c.notEchoed) expect(res.text).not.toContain(c.notEchoed);
    });

    it('a JSON body with an object for the e-mail, posted to /inscription → 400 with the form re-rendered', async () => {
      const { agent, csrf } = await browserOn('/inscription');
      const res = await agent.post('/inscription').send({ _csrf: csrf, ...validSignup(), email: { $ne: null } });
      expectFormError(res, '/inscription', { email: EMAIL_INVALID });
    });

    it('a JSON body with a deeply nested e-mail, posted to /inscription → 400 French error page', async () => {
      const { agent, csrf } = await browserOn('/inscription');
      const raw = JSON.stringify({ _csrf: csrf, ...validSignup(), email: '__DEEP__' }).replace('"__DEEP__"', DEEP);
      const res = await agent.post('/inscription').set('Content-Type', 'application/json').send(raw);
      expectErrorPage(res, 400, 'Le corps de la requête est trop imbriqué (32 niveaux au plus).');
    });

    it('without a session, /compte/mot-de-passe → 401 French error page', async () => {
      const { agent, csrf } = await browserOn('/connexion');
      const res = await agent.post('/compte/mot-de-passe').type('form').send(form({ _csrf: csrf, currentPassword: 'x', newPassword: 'y' }));
      expectErrorPage(res, 401, 'Vous devez être connecté.');
    });

    it('as an employer, /coordination/organisations/:id/refuser → 403 French error page', async () => {
      const { agent, csrf } = actors.employer!;
      const res = await agent.post(`/coordination/organisations/${pendingForForms.id}/refuser`).type('form').send(form({ _csrf: csrf, reason: 'Un motif valable' }));
      expectErrorPage(res, 403, 'Votre rôle ne permet pas cette action.');
    });

    it('leaves organisations, users, outbox_messages and email_deliveries unchanged', async () => {
      expect(await snapshot()).toEqual(before);
    });
  });
});
