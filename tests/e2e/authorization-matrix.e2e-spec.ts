import request from 'supertest';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { Caller, CALLERS, MATRIX as CORE_MATRIX, MatrixExtension, Outcome, Row } from './authorization-matrix';
import { AWARENESS_DAYS_MATRIX } from './authorization-matrix.awareness-days';
import { RECRUITMENT_SESSIONS_MATRIX } from './authorization-matrix.recruitment-sessions';
import { SESSION_DEBRIEFS_MATRIX } from './authorization-matrix.session-debriefs';

/** Features that keep their lines of the matrix in their own file. */
const EXTENSIONS: MatrixExtension[] = [AWARENESS_DAYS_MATRIX, RECRUITMENT_SESSIONS_MATRIX, SESSION_DEBRIEFS_MATRIX];
const MATRIX: Record<string, Row> = Object.assign({}, CORE_MATRIX, ...EXTENSIONS.map((e) => e.routes));

jest.setTimeout(120_000);

/**
 * Bodies that pass validation, for routes whose ownership check comes after it: an empty body would be a
 * 400 for every caller and hide whether the route tells owners and others apart.
 */
const VALID_BODIES: Record<string, object> = {
  'POST /api/candidate-profiles/:id/consents': { scope: 'publication', givenOn: new Date().toISOString().slice(0, 10) },
  // A well-formed code that is not the profile's: the owner gets a 400 and the fixture is never erased.
  'POST /api/candidate-profiles/:id/erase': { confirmCode: 'PSG-2222' },
  // The first owner to call creates this account; the others then get a 409 (e-mail taken), past authorisation.
  'POST /api/organisations/mine/invitations': { email: 'invitation-matrice@example.org', displayName: 'Membre Matrice', organisationRole: 'member' },
  'PATCH /api/organisations/mine/members/:userId': { organisationRole: 'member' },
  // Introductions: whatever the fixture's status, its two sides get a 200 or a 409, the others a 404.
  'POST /api/introductions/:id/decline': { reason: 'other' },
  'POST /api/introductions/:id/meeting': { meetingOn: new Date().toISOString().slice(0, 10) },
  'POST /api/introductions/:id/outcome': { outcome: 'training' },
  'POST /api/sponsorships/:id/end': { reason: 'other' },
  'POST /api/sponsorships/:id/check-ins/:checkInId': { heldOn: new Date().toISOString().slice(0, 10), channel: 'phone' },
  ...Object.assign({}, ...EXTENSIONS.map((e) => e.bodies ?? {})),
};

/** Routes Express serves outside Nest's controllers (the Swagger UI's files), not subject to the matrix. */
const UNMANAGED = /^(GET|HEAD) \/api\/docs/;

interface Session {
  agent: Agent;
  csrf: string;
}

/** Every route Nest registered, as "METHOD /path". */
function registeredRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance();
  const router = express.router ?? express._router;
  const routes = new Set<string>();
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes].filter((r) => !UNMANAGED.test(r)).sort();
}

/** The outcome a response means for authorisation. */
function outcomeOf(res: request.Response): Outcome | 'not found' | 'server error' {
  if (res.status === 401) return 'login';
  // Pages send a signed-out visitor to the login form, with the page to come back to.
  if (res.status >= 300 && res.status < 400 && String(res.headers.location ?? '').startsWith('/connexion?suite=')) return 'login';
  if (res.status === 403) return 'forbidden';
  if (res.status === 404) return 'not found';
  // A server error is never a passed authorisation check: it hides what the route would have answered.
  if (res.status >= 500) return 'server error';
  return 'ok';
}

describe('authorisation matrix: every route × every kind of caller', () => {
  let t: TestApp;
  const sessions = new Map<Caller, Session>();
  const emails = new Map<Caller, string>();
  let params: Record<string, string>;
  let teamOrganisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const ds = t.dataSource;
    const activeCompany = () => createOrganisation(ds, { kind: OrganisationKind.Company, status: OrganisationStatus.Active });
    const partner = () => createOrganisation(ds, { kind: OrganisationKind.MissionLocale, status: OrganisationStatus.Active });
    const pendingCompany = () => createOrganisation(ds, { kind: OrganisationKind.Company, status: OrganisationStatus.Pending });
    const employerOrganisation = await activeCompany();
    const counsellorOrganisation = await partner();
    const coordinatorOrganisation = await partner();
    const users: Record<Exclude<Caller, 'anonymous'>, () => Promise<{ email: string }>> = {
      employer: async () => createUser(ds, { role: Role.Employer, organisationId: employerOrganisation.id }),
      employerPending: async () => createUser(ds, { role: Role.Employer, organisationId: (await pendingCompany()).id }),
      employerOther: async () => createUser(ds, { role: Role.Employer, organisationId: (await activeCompany()).id }),
      counsellor: async () => createUser(ds, { role: Role.Counsellor, organisationId: counsellorOrganisation.id }),
      counsellorOther: async () => createUser(ds, { role: Role.Counsellor, organisationId: (await partner()).id }),
      coordinator: async () => createUser(ds, { role: Role.Coordinator, organisationId: coordinatorOrganisation.id }),
      admin: async () => createUser(ds, { role: Role.Admin }),
    };
    for (const [caller, create] of Object.entries(users) as [Exclude<Caller, 'anonymous'>, () => Promise<{ email: string }>][]) {
      const { email } = await create();
      emails.set(caller, email);
      sessions.set(caller, await loginAgent(t.server, email));
    }
    sessions.set('anonymous', await anonymousSession());
    // Objects named in paths: an organisation awaiting review (not one of the callers'), real reference codes.
    const target = await pendingCompany();
    const [need] = await ds.query(
      `INSERT INTO employer_needs (organisation_id, rome_code, contract_type, positions, commune_code, basin_code) VALUES ($1, 'F1606', 'cdi', 1, '86194', '7513') RETURNING id`,
      [employerOrganisation.id],
    );
    const [profile] = await ds.query(`INSERT INTO candidate_profiles (code, owner_organisation_id) VALUES ('PSG-MTRX', $1) RETURNING id`, [counsellorOrganisation.id]);
    // A published profile with an active consent, for the employer view.
    const [published] = await ds.query(
      `INSERT INTO candidate_profiles (code, owner_organisation_id, status, target_rome_codes, target_basin_codes, release_from, release_until, published_at)
       VALUES ('PSG-PBXC', $1, 'published', '{F1606}', '{7513}', '2027-01-01', '2027-03-31', now()) RETURNING id`,
      [counsellorOrganisation.id],
    );
    await ds.query(`INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_by) VALUES ($1, 'publication', current_date, NULL)`, [published.id]);
    // The coordinator's organisation and the counsellor's work together in a programme.
    const [programme] = await ds.query(`INSERT INTO programmes (name) VALUES ('Programme de la matrice') RETURNING id`);
    await ds.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2), ($1, $3)`, [programme.id, counsellorOrganisation.id, coordinatorOrganisation.id]);
    // A request of the "employer" caller's organisation to meet the "counsellor" caller's organisation's published profile.
    const [introduction] = await ds.query(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message)
       VALUES ($1, $2, $3, 'employer', 'job', 'requested', 'Demande de la matrice') RETURNING id`,
      [published.id, employerOrganisation.id, counsellorOrganisation.id],
    );
    // A sponsorship by the "employer" caller of a profile of the "counsellor" caller's organisation, with a check-in.
    const [sponsorship] = await ds.query(
      `INSERT INTO sponsorships (profile_id, organisation_id, sponsor_user_id, candidate_agreed_on, candidate_agreement_recorded_at, starts_on, planned_end_on, status)
       VALUES ($1, $2, (SELECT id FROM users WHERE email = $3), current_date, now(), current_date - 1, current_date + 365, 'active') RETURNING id`,
      [profile.id, employerOrganisation.id, emails.get('employer')],
    );
    const [checkIn] = await ds.query(`INSERT INTO sponsorship_check_ins (sponsorship_id, milestone, due_on) VALUES ($1, 'd7', current_date + 6) RETURNING id`, [sponsorship.id]);
    teamOrganisationId = employerOrganisation.id;
    params = { ':sponsorship': sponsorship.id, ':checkIn': checkIn.id, ':introduction': introduction.id, ':programme': programme.id, ':id': target.id, ':need': need.id, ':profile': profile.id, ':code': '7513', ':rome': 'F1606', ':published': 'PSG-PBXC' };
    const context = {
      ds,
      employerOrganisationId: employerOrganisation.id,
      counsellorOrganisationId: counsellorOrganisation.id,
      coordinatorOrganisationId: coordinatorOrganisation.id,
      programmeId: programme.id,
      profileId: profile.id,
      publishedProfileId: published.id,
      userIdOf: async (caller: Exclude<Caller, 'anonymous'>) => (await ds.query(`SELECT id FROM users WHERE email = $1`, [emails.get(caller)]))[0].id as string,
    };
    for (const extension of EXTENSIONS) Object.assign(params, extension.fixtures ? await extension.fixtures(context) : {});
  });
  afterAll(() => t.close());

  /** A browser that has not signed in, with the CSRF token of its forms. */
  async function anonymousSession(): Promise<Session> {
    const agent = request.agent(t.server);
    const page = await agent.get('/connexion').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!csrf) throw new Error('no CSRF field on /connexion');
    return { agent, csrf };
  }

  /** Routes that end the caller's session get a session of their own, so the others keep theirs. */
  async function sessionFor(caller: Caller, route: string): Promise<Session> {
    if (!/^POST (\/api\/auth\/logout|\/deconnexion)$/.test(route)) return sessions.get(caller)!;
    return caller === 'anonymous' ? anonymousSession() : loginAgent(t.server, emails.get(caller)!);
  }

  function pathOf(route: string): string {
    const path = route.slice(route.indexOf(' ') + 1);
    // Object routes are called on an object of the caller they are about: a need of the "employer"
    // caller's organisation, a profile of the "counsellor" caller's organisation.
    const extensionObject = EXTENSIONS.flatMap((e) => e.objects ?? []).find((o) => o.pattern.test(path))?.param;
    const objectOf = extensionObject
      ? extensionObject
      : /^\/(api\/employer-needs|organisation\/besoins)\//.test(path)
      ? ':need'
      : /^\/(api\/candidate-profiles|conseil\/profils)\//.test(path)
        ? ':profile'
        : /^\/(api|coordination)\/programmes\//.test(path)
          ? ':programme'
          : /^\/(api\/introductions|organisation\/mises-en-relation|conseil\/mises-en-relation)\//.test(path)
            ? ':introduction'
            : /^\/(api\/sponsorships|organisation\/parrainages|conseil\/parrainages|coordination\/parrainages)\//.test(path)
              ? ':sponsorship'
              : ':id';
    const filled = path
      .replace(/:(id|code|rome)\b/g, (name) => params[name === ':id' ? objectOf : name === ':code' && /^\/(api\/profiles|profils)\//.test(path) ? ':published' : name])
      // An organisation outside the callers': adding it to the programme or removing it changes no caller's rights.
      .replace(':organisationId', params[':id'])
      .replace(':userId', params[':userId'])
      .replace(':checkInId', params[':checkIn'])
      // Parameters of features' own fixtures.
      .replace(/:[A-Za-z]+\b/g, (name) => params[name] ?? name);
    // Occupation routes take a ROME code as :code.
    return /^\/(api\/occupations|metiers)\//.test(path) ? filled.replace('7513', params[':rome']) : filled;
  }

  async function call(caller: Caller, route: string): Promise<request.Response> {
    const { agent, csrf } = await sessionFor(caller, route);
    // Member routes get a fresh member of the "employer" caller's organisation on every call: removing one
    // (DELETE, /retirer) then cannot change the outcome of any other call, whatever order they run in.
    if (route.includes(':userId')) {
      params[':userId'] = (await createUser(t.dataSource, { role: Role.Employer, organisationId: teamOrganisationId, organisationRole: OrganisationRole.Member })).id;
    }
    const method = route.slice(0, route.indexOf(' '));
    const path = pathOf(route);
    if (method === 'GET') return agent.get(path);
    const body = VALID_BODIES[route] ?? {};
    if (method === 'PATCH') return agent.patch(path).set('X-CSRF-Token', csrf).send(body);
    if (method === 'PUT') return agent.put(path).set('X-CSRF-Token', csrf).send(body);
    if (method === 'DELETE') return agent.delete(path).set('X-CSRF-Token', csrf);
    if (path.startsWith('/api/')) return agent.post(path).set('X-CSRF-Token', csrf).send(body);
    return agent.post(path).type('form').send({ _csrf: csrf });
  }

  it('has a line for every route, and no line for a route that does not exist', () => {
    const routes = registeredRoutes(t);
    expect(routes.filter((r) => !MATRIX[r])).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const seen: Partial<Record<Caller, string>> = {};
    const expected: Partial<Record<Caller, string>> = {};
    for (const caller of CALLERS) {
      const res = await call(caller, route);
      const outcome = outcomeOf(res);
      const want = MATRIX[route][caller];
      expected[caller] = want === 'hidden' || want === 'absent' ? 'not found' : want;
      seen[caller] = outcome === expected[caller] ? outcome : `${outcome} (HTTP ${res.status})`;
    }
    expect(seen).toEqual(expected);
  });
});
