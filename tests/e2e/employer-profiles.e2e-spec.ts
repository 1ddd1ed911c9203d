import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { EMPLOYER_PROFILE_KEYS } from '../../src/modules/candidates/employer-view.mapper';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import request from 'supertest';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };

const PROFILES = '/api/candidate-profiles';

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2026-09-14',
  releaseUntil: '2026-12-03',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606', 'F1703'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français', 'Arabe'],
  skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
  experiences: [{ romeCode: 'F1606', sector: 'Second œuvre du bâtiment', months: 18 }],
  trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'in_progress', inDetention: true }],
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
  availability: 'Disponible à temps plein dès la sortie.',
  constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
  ...overrides,
});

describe('employer view of published profiles, audited, and k-anonymity (real PostgreSQL, Redis, Meilisearch)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let admin: Signed;
  let employer: Signed;
  let employerPending: Signed;
  let published: { id: string; code: string };
  let publishedOther: { id: string; code: string };
  let draft: { id: string; code: string };
  let paused: { id: string; code: string };

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: user.organisationId };
  };
  const post = (who: Signed, path: string, body?: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await post(counsellor, PROFILES, profileBody(overrides));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id as string, code: res.body.code as string };
  };
  const publish = async (overrides: Record<string, unknown> = {}) => {
    const profile = await create(overrides);
    expect((await post(counsellor, `${PROFILES}/${profile.id}/consents`, { scope: 'publication', givenOn: '2025-01-15' })).status).toBe(201);
    expect((await post(counsellor, `${PROFILES}/${profile.id}/publish`)).status).toBe(200);
    return profile;
  };
  const auditRows = (action: string): Promise<{ actor_user_id: string; subject_type: string; subject_id: string; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT actor_user_id, subject_type, subject_id, details FROM audit_events WHERE action = $1 ORDER BY id`, [action]);
  const auditCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    admin = await signIn(Role.Admin);
    employer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.Company }));
    employerPending = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.TempAgency, status: OrganisationStatus.Pending }));
  });
  afterAll(() => t?.close());

  it('shows the empty state while nothing is published', async () => {
    expect((await coordinator.agent.get('/api/profiles-anonymity').expect(200)).body).toEqual({
      threshold: 5,
      publishedCount: 0,
      classCount: 0,
      k: null,
      smallClasses: [],
      profilesInSmallClasses: 0,
      shareInSmallClasses: 0,
    });
    const page = await coordinator.agent.get('/coordination/anonymat').expect(200);
    expect(page.text).toContain('Aucun profil publié : rien à mesurer pour l’instant.');
    expect(page.text).toContain('href="/coordination/anonymat"');
    expect((await employer.agent.get('/api/profiles').expect(200)).body).toMatchObject({ items: [], total: 0 });
  });

  describe('with published, draft and paused profiles', () => {
    beforeAll(async () => {
      published = await publish();
      publishedOther = await publish({
        ageBand: '36-45',
        releaseFrom: '2027-01-05',
        releaseUntil: '2027-03-20',
        adjustments: [],
        exitPermits: null,
        targetRomeCodes: ['N1103'],
        targetBasinCodes: ['2817'],
        trainings: [],
      });
      draft = await create();
      paused = await publish();
      expect((await post(counsellor, `${PROFILES}/${paused.id}/pause`)).status).toBe(200);
    });

    it('lists only published profiles, newest first, in the exact employer shape, with nothing internal in the response', async () => {
      const res = await employer.agent.get('/api/profiles').expect(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 2, totalPages: 1 });
      expect(res.body.items.map((p: { code: string }) => p.code)).toEqual([publishedOther.code, published.code]);
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual([...EMPLOYER_PROFILE_KEYS].sort());
      expect(res.body.items[1]).toEqual({
        code: published.code,
        project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
        targetOccupations: [
          { romeCode: 'F1606', label: expect.any(String), rank: 1 },
          { romeCode: 'F1703', label: expect.any(String), rank: 2 },
        ],
        targetBasins: [
          { code: '7513', name: 'POITIERS', departments: [{ code: '86', name: 'Vienne' }] },
          { code: '7514', name: 'CHATELLERAULT', departments: [{ code: '86', name: 'Vienne' }] },
        ],
        skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
        trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'in_progress', statusLabel: 'En cours' }],
        languages: ['Français', 'Arabe'],
        mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
        ageBand: '26-35',
        releaseSemester: '2026-S2',
        sentenceAdjustment: { possible: true, kinds: [{ code: 'semi_liberte', label: 'Semi-liberté' }], exitPermits: true },
        soughtSolutions: [
          { code: 'job', label: 'Emploi' },
          { code: 'immersion', label: 'Immersion (PMSMP)' },
        ],
        availability: 'Disponible à temps plein dès la sortie.',
      });
      expect(res.body.items[0]).toMatchObject({ releaseSemester: '2027-S1', sentenceAdjustment: { possible: false, kinds: [], exitPermits: null } });
      for (const secret of [
        'CP POITIERS VIVONNE',
        'Poitiers-Vivonne',
        '2026-09-14',
        '2026-12-03',
        '2025-01-15',
        partner.id,
        counsellor.id,
        published.id,
        'G1603',
        'Second œuvre',
        'inDetention',
        'published',
        draft.code,
        paused.code,
      ]) {
        expect(res.text).not.toContain(secret);
      }
    });

    it('filters by target occupation and basin, and refuses malformed filters with the field named', async () => {
      const codes = async (query: string) => (await employer.agent.get(`/api/profiles?${query}`).expect(200)).body.items.map((p: { code: string }) => p.code);
      expect(await codes('rome=F1703')).toEqual([published.code]);
      expect(await codes('rome=n1103')).toEqual([publishedOther.code]);
      expect(await codes('basin=2817')).toEqual([publishedOther.code]);
      expect(await codes('basin=7514&rome=F1606')).toEqual([published.code]);
      expect(await codes('basin=7514&rome=N1103')).toEqual([]);
      expect(await codes('page=2&pageSize=1')).toEqual([published.code]);
      const bad = await employer.agent.get('/api/profiles?rome=F16&basin=x').expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['basin', 'rome']);
    });

    it('reads one published profile by its code; unpublished, unknown and malformed codes are 404', async () => {
      const res = await employer.agent.get(`/api/profiles/${published.code}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual([...EMPLOYER_PROFILE_KEYS].sort());
      expect(res.body).toMatchObject({ code: published.code, releaseSemester: '2026-S2' });
      expect(res.text).not.toContain('Poitiers-Vivonne');
      expect(res.text).not.toContain('2026-09-14');
      for (const code of [draft.code, paused.code, 'PSG-ZZZZ', 'nimporte-quoi', published.id]) {
        const missing = await employer.agent.get(`/api/profiles/${encodeURIComponent(code)}`).expect(404);
        expect(missing.body.code).toBe('employer_profile.not_found');
      }
    });

    it('refuses a pending employer organisation, counsellors and anonymous callers', async () => {
      const pending = await employerPending.agent.get('/api/profiles').expect(403);
      expect(pending.body.code).toBe('employer_profile.organisation_inactive');
      expect(pending.body.detail).toMatch(/en attente de validation/);
      // Refused before the query is validated: the organisation is the reason, not the filter.
      expect((await employerPending.agent.get('/api/profiles?rome=bad').expect(403)).body.code).toBe('employer_profile.organisation_inactive');
      expect((await employerPending.agent.get(`/api/profiles/${published.code}`).expect(403)).body.code).toBe('employer_profile.organisation_inactive');
      await counsellor.agent.get('/api/profiles').expect(403);
      await counsellor.agent.get(`/api/profiles/${published.code}`).expect(403);
      await request(t.server).get('/api/profiles').expect(401);
      await request(t.server).get(`/api/profiles/${published.code}`).expect(401);
    });

    it('audits every employer read: one row per single read, one per list request with the codes shown; staff previews and 404s write none', async () => {
      const readsBefore = (await auditRows('profile.read_by_employer')).length;
      const listsBefore = (await auditRows('profile.listed_for_employer')).length;

      await employer.agent.get(`/api/profiles/${published.code}`).expect(200);
      const reads = (await auditRows('profile.read_by_employer')).slice(readsBefore);
      expect(reads).toEqual([{ actor_user_id: employer.id, subject_type: 'candidate_profile', subject_id: published.id, details: { organisationId: employer.organisationId } }]);

      await employer.agent.get('/api/profiles?rome=F1703').expect(200);
      const lists = (await auditRows('profile.listed_for_employer')).slice(listsBefore);
      expect(lists).toEqual([
        { actor_user_id: employer.id, subject_type: 'organisation', subject_id: employer.organisationId, details: { count: 1, codes: [published.code] } },
      ]);

      const before = await auditCount();
      await employer.agent.get(`/api/profiles/${draft.code}`).expect(404);
      await employerPending.agent.get(`/api/profiles/${published.code}`).expect(403);
      for (const staff of [coordinator, admin]) {
        expect((await staff.agent.get(`/api/profiles/${published.code}`).expect(200)).body.code).toBe(published.code);
        expect((await staff.agent.get('/api/profiles').expect(200)).body.total).toBe(2);
      }
      expect(await auditCount()).toBe(before);
    });

    it('measures k-anonymity over the published set (API and page for staff, 403 for employers)', async () => {
      // A crafted set on top of the two published above: 5 more look-alikes of `published` (26-35, 2026-S2, Vienne),
      // 2 profiles whose window spans two semesters in Seine-Maritime, and `publishedOther` alone in Calvados.
      const insert = async (code: string, ageBand: string, from: string, until: string, basin: string) => {
        const [{ id }] = await t.dataSource.query(
          `INSERT INTO candidate_profiles (code, owner_organisation_id, age_band, release_from, release_until, target_rome_codes, target_basin_codes, status, published_at)
           VALUES ($1, $2, $3, $4, $5, ARRAY['F1606'], ARRAY[$6]::varchar(4)[], 'published', now()) RETURNING id`,
          [code, partner.id, ageBand, from, until, basin],
        );
        await t.dataSource.query(`INSERT INTO candidate_consents (profile_id, scope, given_on) VALUES ($1, 'publication', '2025-01-15')`, [id]);
      };
      for (const suffix of ['KAAB', 'KAAC', 'KAAD', 'KAAE', 'KAAF']) await insert(`PSG-${suffix}`, '26-35', '2026-07-01', '2026-11-30', '7514');
      for (const suffix of ['KABB', 'KABC']) await insert(`PSG-${suffix}`, '18-25', '2027-05-01', '2027-08-01', '2801');
      // Published without consent cannot happen through the API; the report ignores it like the employer view does.
      await t.dataSource.query(
        `INSERT INTO candidate_profiles (code, owner_organisation_id, age_band, release_from, release_until, target_rome_codes, target_basin_codes, status, published_at)
         VALUES ('PSG-KACB', $1, '56+', '2027-01-01', '2027-02-01', ARRAY['F1606'], ARRAY['2801']::varchar(4)[], 'published', now())`,
        [partner.id],
      );

      const report = (await coordinator.agent.get('/api/profiles-anonymity').expect(200)).body;
      expect(report).toEqual({
        threshold: 5,
        publishedCount: 9,
        classCount: 3,
        k: 1,
        smallClasses: [
          { ageBand: '36-45', releaseSemester: '2027-S1', department: '14', size: 1 },
          { ageBand: '18-25', releaseSemester: '2027-S1 / 2027-S2', department: '76', size: 2 },
        ],
        profilesInSmallClasses: 3,
        shareInSmallClasses: 3 / 9,
      });
      expect(JSON.stringify(report)).not.toContain('PSG-');
      expect((await admin.agent.get('/api/profiles-anonymity').expect(200)).body.k).toBe(1);

      const page = await coordinator.agent.get('/coordination/anonymat').expect(200);
      expect(page.text).toMatch(/data-testid="published-count">9</);
      expect(page.text).toMatch(/data-testid="k">1</);
      expect(page.text).toContain('<td>36-45</td><td>2027-S1</td><td>14</td><td>1</td>');
      expect(page.text).toContain('<td>18-25</td><td>2027-S1 / 2027-S2</td><td>76</td><td>2</td>');
      expect(page.text).toContain('3 (33,3');
      expect(page.text).not.toContain('PSG-');

      await employer.agent.get('/api/profiles-anonymity').expect(403);
      await counsellor.agent.get('/api/profiles-anonymity').expect(403);
      expect((await employer.agent.get('/coordination/anonymat')).status).toBe(403);
      await request(t.server).get('/api/profiles-anonymity').expect(401);
    });
  });
});
