import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string };

const BASE = '/api/candidate-profiles';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';

describe('erasure of a candidate profile on request (real PostgreSQL, Redis, Meilisearch)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let counsellorOther: Signed;
  let employer: Signed;
  let admin: Signed;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const post = (who: Signed, path: string, body?: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  /** A draft with a recorded consent, so that erasure has something to cascade to. */
  const draft = async (who: Signed): Promise<{ id: string; code: string }> => {
    const res = await post(who, BASE, { ageBand: '26-35', releaseFrom: '2026-09-01', releaseUntil: '2026-12-31' });
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    const consent = await post(who, `${BASE}/${res.body.id}/consents`, { scope: 'publication', givenOn: '2025-01-15' });
    if (consent.status !== 201) throw new Error(`consent failed: ${consent.status} ${JSON.stringify(consent.body)}`);
    return { id: res.body.id, code: res.body.code };
  };
  const rowsOf = async (id: string) => ({
    profiles: (await t.dataSource.query(`SELECT count(*)::int AS n FROM candidate_profiles WHERE id = $1`, [id]))[0].n as number,
    consents: (await t.dataSource.query(`SELECT count(*)::int AS n FROM candidate_consents WHERE profile_id = $1`, [id]))[0].n as number,
  });
  const auditOf = (id: string): Promise<{ action: string; actor_user_id: string | null; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'candidate_profile' AND subject_id = $1 ORDER BY id`, [id]);

  beforeAll(async () => {
    t = await startTestApp();
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    counsellorOther = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    employer = await signIn(Role.Employer);
    admin = await signIn(Role.Admin);
  });
  afterAll(() => t?.close());

  it('erases the owner organisation’s profile with its consents and pending outbox rows, answers 204 then 404, and audits ids only', async () => {
    const { id, code } = await draft(counsellor);
    const [{ id: pending }] = await t.dataSource.query(
      `INSERT INTO outbox_messages (job_name, payload, available_at) VALUES ('email.send', $1, now() + interval '1 day') RETURNING id`,
      [JSON.stringify({ profileId: id })],
    );

    const res = await post(counsellor, `${BASE}/${id}/erase`, { confirmCode: code });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await rowsOf(id)).toEqual({ profiles: 0, consents: 0 });
    expect(await t.dataSource.query(`SELECT id FROM outbox_messages WHERE id = $1`, [pending])).toEqual([]);
    expect((await counsellor.agent.get(`${BASE}/${id}`)).status).toBe(404);
    const again = await post(counsellor, `${BASE}/${id}/erase`, { confirmCode: code });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('candidate_profile.not_found');

    const audit = await auditOf(id);
    expect(audit.map((e) => e.action)).toEqual(['profile.created', 'consent.recorded', 'profile.erased']);
    expect(audit[2]).toEqual({ action: 'profile.erased', actor_user_id: counsellor.id, details: { cause: 'request' } });
    expect(JSON.stringify(audit[2])).not.toContain(code);
  });

  it('lets a coordinator of the owner organisation erase too, whatever the status', async () => {
    const { id, code } = await draft(counsellor);
    expect((await post(counsellor, `${BASE}/${id}/archive`, {})).status).toBe(200);
    expect((await post(coordinator, `${BASE}/${id}/erase`, { confirmCode: code.toLowerCase() })).status).toBe(204);
    expect(await rowsOf(id)).toEqual({ profiles: 0, consents: 0 });
  });

  it('refuses a wrong or missing confirmation code with a 400 naming confirmCode, and erases nothing', async () => {
    const { id, code } = await draft(counsellor);
    const other = await draft(counsellor);
    const wrong = await post(counsellor, `${BASE}/${id}/erase`, { confirmCode: other.code });
    expect(wrong.status).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['confirmCode']);
    for (const body of [{}, { confirmCode: 42 }, { confirmCode: code, status: 'erased' }]) {
      const res = await post(counsellor, `${BASE}/${id}/erase`, body);
      expect(res.status).toBe(400);
    }
    expect(await rowsOf(id)).toEqual({ profiles: 1, consents: 1 });
    expect((await auditOf(id)).map((e) => e.action)).not.toContain('profile.erased');
  });

  it('answers 404 to a counsellor of another organisation and for an unknown id, 403 to an employer and an admin; nothing is erased', async () => {
    const { id, code } = await draft(counsellor);
    const foreign = await post(counsellorOther, `${BASE}/${id}/erase`, { confirmCode: code });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('candidate_profile.not_found');
    expect((await post(counsellor, `${BASE}/${UNKNOWN_ID}/erase`, { confirmCode: code })).status).toBe(404);
    expect((await post(employer, `${BASE}/${id}/erase`, { confirmCode: code })).status).toBe(403);
    expect((await post(admin, `${BASE}/${id}/erase`, { confirmCode: code })).status).toBe(403);
    expect(await rowsOf(id)).toEqual({ profiles: 1, consents: 1 });
  });
});
