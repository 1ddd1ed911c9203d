import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string };
type Problem = { code: string; errors?: { field: string; message: string }[] };
type AuditRow = { action: string; actor_user_id: string | null; details: Record<string, unknown> };

const API = '/api/programmes';
const PROFILES = '/api/candidate-profiles';
const PROGRAMME_PAGE = /^\/coordination\/programmes\/([0-9a-f-]{36})\?info=programme-cree$/;

/**
 * Programmes against the whole app: admins set them up, and a coordinator of a member partner organisation
 * reads (and only reads) the candidate profiles of the other partner organisations of the programme.
 *
 * A (Mission Locale) and B (SPIP) join the programme; C (Mission Locale) never does. Each owns one profile.
 * The tests run in order: the programme the first one creates is the one the later ones use.
 */
describe('programmes: set-up by admins, read-only profile visibility for coordinators (real PostgreSQL)', () => {
  let t: TestApp;
  let orgA: Organisation;
  let orgB: Organisation;
  let orgC: Organisation;
  let admin: Signed;
  let counsellorA: Signed;
  let coordinatorB: Signed;
  let counsellorB: Signed;
  let coordinatorC: Signed;
  let profileA: string;
  let profileB: string;
  let profileC: string;
  let programmeId: string;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('X-CSRF-Token', who.csrf).send(body);
  const put = (who: Signed, path: string) => who.agent.put(path).set('X-CSRF-Token', who.csrf).send({});
  const del = (who: Signed, path: string) => who.agent.delete(path).set('X-CSRF-Token', who.csrf);
  const submit = (who: Signed, path: string, fields: Record<string, string>) =>
    who.agent
      .post(path)
      .type('form')
      .send(new URLSearchParams({ _csrf: who.csrf, ...fields }).toString());
  const insertProfile = async (code: string, organisation: Organisation): Promise<string> => {
    const [row] = await t.dataSource.query(`INSERT INTO candidate_profiles (code, owner_organisation_id, project) VALUES ($1, $2, 'Projet initial') RETURNING id`, [
      code,
      organisation.id,
    ]);
    return row.id;
  };
  const programmeAudit = (id: string): Promise<AuditRow[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'programme' AND subject_id = $1 ORDER BY id`, [id]);
  const profileAudit = (id: string): Promise<AuditRow[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'candidate_profile' AND subject_id = $1 ORDER BY id`, [id]);
  const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];
  const listedIds = async (who: Signed): Promise<string[]> => {
    const res = await who.agent.get(PROFILES).expect(200);
    return (res.body.items as { id: string }[]).map((i) => i.id).sort();
  };
  const expectProblem = (res: request.Response, status: number, code: string) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { code } });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    orgA = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou (test)' });
    orgB = await createOrganisation(ds, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne (test)' });
    orgC = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale de Charente (test)' });
    admin = await signIn(Role.Admin);
    counsellorA = await signIn(Role.Counsellor, orgA);
    coordinatorB = await signIn(Role.Coordinator, orgB);
    counsellorB = await signIn(Role.Counsellor, orgB);
    coordinatorC = await signIn(Role.Coordinator, orgC);
    profileA = await insertProfile('PSG-PRG2', orgA);
    profileB = await insertProfile('PSG-PRG3', orgB);
    profileC = await insertProfile('PSG-PRG4', orgC);
  });
  afterAll(() => t?.close());

  describe('creating a programme (API)', () => {
    it('lets an admin create one: 201 with the detail shape, audited', async () => {
      const res = await post(admin, API, { name: '  Programme Vienne  ', description: 'Cohorte 2026 du territoire.' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Programme Vienne',
        description: 'Cohorte 2026 du territoire.',
        memberCount: 0,
        partnerCount: 0,
        createdAt: expect.any(String),
        members: [],
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      programmeId = res.body.id;
      const [row] = await t.dataSource.query(`SELECT name, description, created_by FROM programmes WHERE id = $1`, [programmeId]);
      expect(row).toEqual({ name: 'Programme Vienne', description: 'Cohorte 2026 du territoire.', created_by: admin.id });
      expect(await programmeAudit(programmeId)).toEqual([{ action: 'programme.created', actor_user_id: admin.id, details: {} }]);
      expect((await admin.agent.get(`${API}/${programmeId}`).expect(200)).body).toEqual(res.body);
    });

    it('refuses the same name in another case: 409 problem naming `name`, no second row', async () => {
      const res = await post(admin, API, { name: 'PROGRAMME VIENNE' });
      expectProblem(res, 409, 'programme.name_taken');
      expect(res.body.errors[0].field).toBe('name');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes`))[0].n).toBe(1);
    });

    it.each([
      ['a name too short', { name: 'ab' }, 'name'],
      ['a blank name', { name: '     ' }, 'name'],
      ['no name', {}, 'name'],
      ['an unknown field', { name: 'Programme Charente', colour: 'bleu' }, 'colour'],
    ])('refuses %s with a 400 naming the field, nothing written', async (_label, body, field) => {
      const res = await post(admin, API, body);
      expectProblem(res, 400, 'validation.failed');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes`))[0].n).toBe(1);
    });

    it('is refused to coordinators and counsellors (403)', async () => {
      expect((await post(coordinatorB, API, { name: 'Programme des coordinateurs' })).status).toBe(403);
      expect((await post(counsellorA, API, { name: 'Programme des conseillers' })).status).toBe(403);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes`))[0].n).toBe(1);
    });
  });

  describe('members (API)', () => {
    const member = (organisationId: string) => `${API}/${programmeId}/members/${organisationId}`;

    it('adds the counsellor’s organisation A and the coordinator’s B; adding twice changes nothing and is audited once', async () => {
      const first = await put(admin, member(orgA.id));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: programmeId, memberCount: 1, partnerCount: 1 });
      expect(first.body.members).toEqual([
        {
          organisationId: orgA.id,
          name: orgA.name,
          kind: 'mission_locale',
          kindLabel: expect.any(String),
          status: 'active',
          statusLabel: expect.any(String),
          partner: true,
          addedAt: expect.any(String),
        },
      ]);
      const again = await put(admin, member(orgA.id));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await put(admin, member(orgB.id))).body).toMatchObject({ memberCount: 2, partnerCount: 2 });

      const rows = await t.dataSource.query(`SELECT organisation_id, added_by FROM programme_members WHERE programme_id = $1 ORDER BY organisation_id`, [programmeId]);
      expect(rows).toEqual(
        [
          { organisation_id: orgA.id, added_by: admin.id },
          { organisation_id: orgB.id, added_by: admin.id },
        ].sort((x, y) => x.organisation_id.localeCompare(y.organisation_id)),
      );
      const added = (await programmeAudit(programmeId)).filter((a) => a.action === 'programme.member_added');
      expect(added).toEqual([
        { action: 'programme.member_added', actor_user_id: admin.id, details: { organisationId: orgA.id } },
        { action: 'programme.member_added', actor_user_id: admin.id, details: { organisationId: orgB.id } },
      ]);
    });

    it('answers an unknown organisation with a 404 naming `organisationId`, and a malformed one with a 400', async () => {
      const unknown = await put(admin, member(randomUUID()));
      expectProblem(unknown, 404, 'programme.organisation_not_found');
      expect(fieldsOf(unknown.body)).toEqual(['organisationId']);
      const malformed = await put(admin, member('pas-un-identifiant'));
      expectProblem(malformed, 400, 'validation.failed');
      expect(fieldsOf(malformed.body)).toEqual(['organisationId']);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM programme_members`)).toEqual([{ n: 2 }]);
    });

    it('answers an unknown programme with a 404', async () => {
      expectProblem(await put(admin, `${API}/${randomUUID()}/members/${orgC.id}`), 404, 'programme.not_found');
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM programme_members`)).toEqual([{ n: 2 }]);
    });

    it('removes a non-member without complaint: 200, nothing changed, nothing audited', async () => {
      const before = await programmeAudit(programmeId);
      const [{ updated_at: updatedBefore }] = await t.dataSource.query(`SELECT updated_at FROM programmes WHERE id = $1`, [programmeId]);
      const res = await del(admin, member(orgC.id));
      expect(res.status).toBe(200);
      expect(res.body.members.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([orgA.id, orgB.id].sort());
      expect(await programmeAudit(programmeId)).toEqual(before);
      expect(await t.dataSource.query(`SELECT updated_at FROM programmes WHERE id = $1`, [programmeId])).toEqual([{ updated_at: updatedBefore }]);
    });

    it('is refused to coordinators (403), even of a member organisation', async () => {
      expect((await put(coordinatorB, member(orgC.id))).status).toBe(403);
      expect((await del(coordinatorB, member(orgA.id))).status).toBe(403);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM programme_members`)).toEqual([{ n: 2 }]);
    });
  });

  describe('reading programmes (API)', () => {
    it('shows a coordinator of a member organisation the programme', async () => {
      const list = await coordinatorB.agent.get(API).expect(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: programmeId, name: 'Programme Vienne', memberCount: 2, partnerCount: 2 }] });
      const detail = await coordinatorB.agent.get(`${API}/${programmeId}`).expect(200);
      expect(detail.body.members.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([orgA.id, orgB.id].sort());
    });

    it('hides it from a coordinator of an organisation outside it: empty list, 404', async () => {
      const list = await coordinatorC.agent.get(API).expect(200);
      expect(list.body).toMatchObject({ total: 0, items: [] });
      expectProblem(await coordinatorC.agent.get(`${API}/${programmeId}`), 404, 'programme.not_found');
    });

    it('is refused to counsellors (403)', async () => {
      expect((await counsellorB.agent.get(API)).status).toBe(403);
      expect((await counsellorB.agent.get(`${API}/${programmeId}`)).status).toBe(403);
    });
  });

  describe('candidate profiles through the programme', () => {
    it('lists A’s profile, with its organisation’s name, to the coordinator of B, next to B’s own', async () => {
      const res = await coordinatorB.agent.get(PROFILES).expect(200);
      const items = res.body.items as { id: string; code: string; ownerOrganisationId: string; ownerOrganisationName: string }[];
      expect(items.map((i) => i.id).sort()).toEqual([profileA, profileB].sort());
      expect(items.find((i) => i.id === profileA)).toMatchObject({ code: 'PSG-PRG2', ownerOrganisationId: orgA.id, ownerOrganisationName: orgA.name });
      expect(items.find((i) => i.id === profileB)).toMatchObject({ code: 'PSG-PRG3', ownerOrganisationId: orgB.id, ownerOrganisationName: orgB.name });
    });

    it('does not list A’s profile to a coordinator outside the programme, nor to a counsellor of B', async () => {
      expect(await listedIds(coordinatorC)).toEqual([profileC]);
      // Visibility through programmes is for coordinators only: B's counsellor keeps to B's profiles.
      expect(await listedIds(counsellorB)).toEqual([profileB]);
      expectProblem(await counsellorB.agent.get(`${PROFILES}/${profileA}`), 404, 'candidate_profile.not_found');
      expectProblem(await coordinatorC.agent.get(`${PROFILES}/${profileA}`), 404, 'candidate_profile.not_found');
      // A's counsellor does not see B's profile either: a coordinator's programme does not open A to B's profiles.
      expect(await listedIds(counsellorA)).toEqual([profileA]);
    });

    it('lets the coordinator of B read A’s profile, read only, and audits the read', async () => {
      const before = await profileAudit(profileA);
      const res = await coordinatorB.agent.get(`${PROFILES}/${profileA}`).expect(200);
      expect(res.body).toMatchObject({ id: profileA, code: 'PSG-PRG2', ownerOrganisationId: orgA.id, ownerOrganisationName: orgA.name, editable: false });
      const after = await profileAudit(profileA);
      expect(after.slice(before.length)).toEqual([{ action: 'profile.read_by_programme', actor_user_id: coordinatorB.id, details: { organisationId: orgB.id } }]);

      // Reading one's own organisation's profile is editable and not audited as a programme read.
      const own = await coordinatorB.agent.get(`${PROFILES}/${profileB}`).expect(200);
      expect(own.body).toMatchObject({ id: profileB, editable: true, ownerOrganisationName: orgB.name });
      expect((await profileAudit(profileB)).filter((a) => a.action === 'profile.read_by_programme')).toEqual([]);
      expect((await counsellorA.agent.get(`${PROFILES}/${profileA}`).expect(200)).body.editable).toBe(true);
    });

    it('refuses the coordinator of B any change to A’s profile: 403 read_only, the row untouched, nothing audited', async () => {
      const [before] = await t.dataSource.query(`SELECT * FROM candidate_profiles WHERE id = $1`, [profileA]);
      const auditBefore = await profileAudit(profileA);

      expectProblem(await coordinatorB.agent.patch(`${PROFILES}/${profileA}`).set('X-CSRF-Token', coordinatorB.csrf).send({ project: 'Projet réécrit par B' }), 403, 'candidate_profile.read_only');
      expectProblem(await post(coordinatorB, `${PROFILES}/${profileA}/publish`), 403, 'candidate_profile.read_only');
      expectProblem(await post(coordinatorB, `${PROFILES}/${profileA}/consents`, { scope: 'publication', givenOn: '2025-01-15' }), 403, 'candidate_profile.read_only');
      expectProblem(await post(coordinatorB, `${PROFILES}/${profileA}/erase`, { confirmCode: 'PSG-PRG2' }), 403, 'candidate_profile.read_only');

      const [after] = await t.dataSource.query(`SELECT * FROM candidate_profiles WHERE id = $1`, [profileA]);
      expect(after).toEqual(before);
      expect(after.project).toBe('Projet initial');
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM candidate_consents WHERE profile_id = $1`, [profileA])).toEqual([{ n: 0 }]);
      expect(await profileAudit(profileA)).toEqual(auditBefore);
    });

    it('still refuses a coordinator outside the programme with a 404, as if the profile did not exist', async () => {
      expectProblem(
        await coordinatorC.agent.patch(`${PROFILES}/${profileA}`).set('X-CSRF-Token', coordinatorC.csrf).send({ project: 'Projet réécrit par C' }),
        404,
        'candidate_profile.not_found',
      );
      expectProblem(await post(coordinatorC, `${PROFILES}/${profileA}/publish`), 404, 'candidate_profile.not_found');
    });
  });

  describe('pages', () => {
    it('shows A’s profile in the coordinator of B’s caseload, marked as seen through the programme', async () => {
      const res = await coordinatorB.agent.get('/conseil/profils').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain(`href="/conseil/profils/${profileA}">PSG-PRG2</a>`);
      expect(res.text).toContain(`href="/conseil/profils/${profileB}">PSG-PRG3</a>`);
      // The programme mark belongs to A's row, not B's.
      const rowOf = (code: string) => res.text.slice(res.text.indexOf(`>${code}</a>`), res.text.indexOf('</tr>', res.text.indexOf(`>${code}</a>`)));
      expect(rowOf('PSG-PRG2')).toContain(orgA.name);
      expect(rowOf('PSG-PRG2')).toContain('(programme)');
      expect(rowOf('PSG-PRG3')).not.toContain('(programme)');
      expect(res.text).not.toContain('PSG-PRG4');
    });

    it('does not show A’s profile in the caseload of B’s counsellor', async () => {
      const res = await counsellorB.agent.get('/conseil/profils').expect(200);
      expect(res.text).toContain('PSG-PRG3');
      expect(res.text).not.toContain('PSG-PRG2');
      expect(res.text).not.toContain('(programme)');
    });

    it('shows A’s profile to the coordinator of B read only: the notice, no save button', async () => {
      const res = await coordinatorB.agent.get(`/conseil/profils/${profileA}`).expect(200);
      expect(res.text).toContain('data-testid="read-only"');
      expect(res.text).toContain(orgA.name);
      expect(res.text).toContain('PSG-PRG2');
      expect(res.text).not.toMatch(/<button[^>]*>\s*Enregistrer/);
      // The owner's counsellor gets the editor.
      const own = await counsellorA.agent.get(`/conseil/profils/${profileA}`).expect(200);
      expect(own.text).not.toContain('data-testid="read-only"');
      expect(own.text).toMatch(/<button[^>]*>\s*Enregistrer<\/button>/);
    });

    it('refuses the coordinator of B a save of A’s profile through the form (403), the row untouched', async () => {
      const [before] = await t.dataSource.query(`SELECT * FROM candidate_profiles WHERE id = $1`, [profileA]);
      const res = await submit(coordinatorB, `/conseil/profils/${profileA}`, { project: 'Projet réécrit par B', action: 'enregistrer' });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const [after] = await t.dataSource.query(`SELECT * FROM candidate_profiles WHERE id = $1`, [profileA]);
      expect(after).toEqual(before);
    });

    it('lets an admin create a programme through the form: 303 to its page, which shows it', async () => {
      const res = await submit(admin, '/coordination/programmes', { name: 'Programme Charente', description: '' });
      expect(res.status).toBe(303);
      const match = PROGRAMME_PAGE.exec(res.headers.location);
      if (!match) throw new Error(`unexpected redirect: ${res.headers.location}`);
      const [row] = await t.dataSource.query(`SELECT name, description FROM programmes WHERE id = $1`, [match[1]]);
      expect(row).toEqual({ name: 'Programme Charente', description: null });
      const page = await admin.agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('<h1>Programme Charente</h1>');
      expect(page.text).toContain('Aucune organisation dans ce programme.');
    });

    it('re-renders the form with a French error (400) for an empty name, nothing written', async () => {
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes`);
      const res = await submit(admin, '/coordination/programmes', { name: '', description: 'Sans nom' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Le nom du programme doit compter entre 3 et 160 caractères.');
      expect(res.text).toContain('aria-invalid="true"');
      expect(res.text).toContain('Sans nom');
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes`)).toEqual(before);
    });

    it('re-renders the form with a 409 for a name already taken', async () => {
      const res = await submit(admin, '/coordination/programmes', { name: 'programme charente' });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Ce nom est déjà celui d’un autre programme.');
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM programmes WHERE lower(name) = 'programme charente'`)).toEqual([{ n: 1 }]);
    });

    it('shows a coordinator of no programme the empty state, and one of a member organisation its programme', async () => {
      const none = await coordinatorC.agent.get('/coordination/programmes').expect(200);
      expect(none.text).toContain('Votre organisation ne fait partie d’aucun programme.');
      expect(none.text).not.toContain('Programme Vienne');
      expect(none.text).not.toContain('Nouveau programme');
      const member = await coordinatorB.agent.get('/coordination/programmes').expect(200);
      expect(member.text).toContain(`href="/coordination/programmes/${programmeId}">Programme Vienne</a>`);
      expect(member.text).not.toContain('Programme Charente');
      expect(member.text).not.toContain('Nouveau programme');
    });
  });

  describe('after A leaves the programme', () => {
    it('removes A (audited once) and hides its profile from the coordinator of B again', async () => {
      const programmeAuditBefore = await programmeAudit(programmeId);
      const res = await del(admin, `${API}/${programmeId}/members/${orgA.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ memberCount: 1, partnerCount: 1 });
      expect(await t.dataSource.query(`SELECT organisation_id FROM programme_members WHERE programme_id = $1`, [programmeId])).toEqual([{ organisation_id: orgB.id }]);
      expect((await programmeAudit(programmeId)).slice(programmeAuditBefore.length)).toEqual([
        { action: 'programme.member_removed', actor_user_id: admin.id, details: { organisationId: orgA.id } },
      ]);

      const auditBefore = await profileAudit(profileA);
      expectProblem(await coordinatorB.agent.get(`${PROFILES}/${profileA}`), 404, 'candidate_profile.not_found');
      expect(await listedIds(coordinatorB)).toEqual([profileB]);
      expect((await coordinatorB.agent.get(`/conseil/profils/${profileA}`)).status).toBe(404);
      expect((await coordinatorB.agent.get('/conseil/profils').expect(200)).text).not.toContain('PSG-PRG2');
      // A change is now a 404 too, not a "read only" 403 that would confirm the profile exists.
      expectProblem(await post(coordinatorB, `${PROFILES}/${profileA}/publish`), 404, 'candidate_profile.not_found');
      expect(await profileAudit(profileA)).toEqual(auditBefore);
    });
  });
});
