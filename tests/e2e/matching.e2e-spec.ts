import request from 'supertest';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { SearchService } from '../../src/infra/search/search.service';
import { EMPLOYER_PROFILE_KEYS } from '../../src/modules/candidates/employer-view.mapper';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { PROFILE_INDEX } from '../../src/modules/profile-search/profile-search-index';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor as waitUntil } from '../support/wait-for';

jest.setTimeout(180_000);

type Signed = { agent: Agent; csrf: string; id: string };
type Profile = { id: string; code: string };

const PROFILES = '/api/candidate-profiles';
const NEEDS = '/api/employer-needs';

/** Words that would give a profile's work constraints away: the avoided occupation, the exclusion labels. */
const CONSTRAINT_TRACES = ['G1603', 'éviter', 'avoid', 'constraint'];

/** A profile aiming at painting in Poitiers then Châtellerault, released in 2027-S1, qualified (CAP). */
const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job'],
  targetRomeCodes: ['F1606', 'F1703'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français'],
  skills: ['Peinture intérieure'],
  experiences: [],
  trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'obtained', inDetention: true }],
  project: 'Devenir peintre en bâtiment.',
  availability: null,
  constraints: { avoidDepartments: [], avoidRomeCodes: [] },
  ...overrides,
});

/** A need starting during the profiles' release semester. */
const needBody = (overrides: Record<string, unknown> = {}) => ({
  romeCode: 'F1606',
  contractType: 'cdi',
  positions: 1,
  communeCode: '86194',
  startFrom: '2027-03-01',
  startUntil: '2027-06-30',
  solutions: ['job'],
  ...overrides,
});

/** Polls like the shared helper, with this file's longer default wait. */
const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000) => waitUntil(what, probe, timeoutMs);

const dayOffset = (days: number) => parisDate(new Date(Date.now() + days * 86_400_000));

const expectNoConstraint = (what: string, body: unknown) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const trace of CONSTRAINT_TRACES) expect({ what, trace, found: text.includes(trace) }).toEqual({ what, trace, found: false });
};

describe('explainable matching, both directions (real PostgreSQL, Redis, Meilisearch, worker in-process)', () => {
  let t: TestApp;
  let counsellor: Signed;
  let otherCounsellor: Signed;
  let coordinator: Signed;
  let employerA: Signed;
  let employerB: Signed;
  let employerC: Signed;
  let employerE: Signed;
  let pendingEmployer: Signed;
  let orgA: Organisation;
  let orgC: Organisation;
  let orgD: Organisation;
  const need: Record<string, string> = {};
  const profile: Record<string, Profile> = {};

  const signIn = async (role: Role, organisation: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);

  const publishNeed = async (who: Signed, body: Record<string, unknown>): Promise<string> => {
    const created = await post(who, NEEDS, needBody(body));
    if (created.status !== 201) throw new Error(`need creation answered ${created.status} ${JSON.stringify(created.body)}`);
    const published = await post(who, `${NEEDS}/${created.body.id}/publish`);
    if (published.status !== 200) throw new Error(`need publication answered ${published.status} ${JSON.stringify(published.body)}`);
    return created.body.id;
  };
  const createProfile = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const res = await post(counsellor, PROFILES, profileBody(overrides));
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, code: res.body.code };
  };
  const publishProfile = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const created = await createProfile(overrides);
    await post(counsellor, `${PROFILES}/${created.id}/consents`, { scope: 'publication', givenOn: '2026-01-15' }).expect(201);
    const res = await post(counsellor, `${PROFILES}/${created.id}/publish`);
    if (res.status !== 200) throw new Error(`profile publication answered ${res.status} ${JSON.stringify(res.body)}`);
    return created;
  };
  const profileMatches = (who: Signed, id: string, query = '') => who.agent.get(`${PROFILES}/${id}/matches${query}`);
  const needMatches = (who: Signed, id: string, query = '') => who.agent.get(`${NEEDS}/${id}/matches${query}`);

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    const coordination = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale' });
    counsellor = await signIn(Role.Counsellor, partner);
    otherCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    coordinator = await signIn(Role.Coordinator, coordination);
    orgA = await createOrganisation(t.dataSource, { name: 'Peintures du Clain' });
    const orgB = await createOrganisation(t.dataSource, { name: 'Bâtir en Châtelleraudais' });
    orgC = await createOrganisation(t.dataSource, { name: 'Décor en pause' });
    orgD = await createOrganisation(t.dataSource, { name: 'Enseigne en attente', status: OrganisationStatus.Pending });
    const orgE = await createOrganisation(t.dataSource, { name: 'Normandie Déco' });
    employerA = await signIn(Role.Employer, orgA);
    employerB = await signIn(Role.Employer, orgB);
    employerC = await signIn(Role.Employer, orgC);
    employerE = await signIn(Role.Employer, orgE);
    pendingEmployer = await signIn(Role.Employer, orgD);

    // Exact occupation in the first target basin, with sponsorship: the best there is.
    need.a1 = await publishNeed(employerA, { solutions: ['job', 'sponsorship'] });
    // The second target occupation (F1703) in the second target basin (Châtellerault), a CDD.
    need.a2 = await publishNeed(employerA, { romeCode: 'F1703', communeCode: '86066', contractType: 'cdd' });
    // Exact occupation in the second target basin.
    need.b1 = await publishNeed(employerB, { communeCode: '86066' });
    // An occupation nobody aims at (cleaning), in Poitiers: in the region, unrelated.
    need.b2 = await publishNeed(employerB, { romeCode: 'K2204' });
    // Exact occupation in Caen (Calvados, 14), outside every target region.
    need.e1 = await publishNeed(employerE, { communeCode: '14118' });
    // The paused organisation's need would be the best match.
    need.c1 = await publishNeed(employerC, { solutions: ['job', 'sponsorship'] });
    await employerC.agent.patch('/api/organisations/mine/settings').set('x-csrf-token', employerC.csrf).send({ pausedUntil: dayOffset(30) }).expect(200);
    // A pending organisation cannot publish through the API: its need is written as it would stand.
    [{ id: need.d1 }] = await t.dataSource.query(
      `INSERT INTO employer_needs (organisation_id, rome_code, contract_type, positions, commune_code, basin_code, start_from, start_until, solutions, status, published_at)
       VALUES ($1, 'F1606', 'cdi', 1, '86194', '7513', '2027-03-01', '2027-06-30', '{job,sponsorship}', 'published', now()) RETURNING id`,
      [orgD.id],
    );

    profile.p1 = await publishProfile();
    // The same profile, kept away from the Vienne (86) and from fast food (G1603).
    profile.avoiding = await publishProfile({ constraints: { avoidDepartments: ['86'], avoidRomeCodes: ['G1603'] } });
    // Painting, Châtellerault only.
    profile.p5 = await publishProfile({ targetRomeCodes: ['F1606'], targetBasinCodes: ['7514'] });
    // Masonry in Caen: same grand domain as painting, far away.
    profile.p4 = await publishProfile({ targetRomeCodes: ['F1703'], targetBasinCodes: ['2817'] });
    // The warehouse: another grand domain.
    profile.p3 = await publishProfile({ targetRomeCodes: ['N1103'], targetBasinCodes: ['2817'], trainings: [] });
    // A draft aiming at farming in Guadeloupe: no employer there.
    profile.lonely = await createProfile({ targetRomeCodes: ['A1416'], targetBasinCodes: ['101'] });

    const search = t.app.get(SearchService);
    await waitFor('the five published profiles in the index', async () => (await search.count(PROFILE_INDEX)) === 5);
  });
  afterAll(() => t?.close());

  describe('needs for a profile (staff)', () => {
    it('ranks exact occupation and same basin first, with French reasons that add up, and groups by organisation', async () => {
      const res = await profileMatches(counsellor, profile.p1.id).expect(200);
      const ids: string[] = res.body.needs.map((m: { need: { id: string } }) => m.need.id);
      expect(ids.slice(0, 3)).toEqual([need.a1, need.b1, need.a2]);
      expect(ids).toEqual(expect.arrayContaining([need.e1, need.b2]));
      expect(res.body.profileCode).toBe(profile.p1.code);

      const [best] = res.body.needs;
      expect(best).toMatchObject({ organisationId: orgA.id, organisationName: 'Peintures du Clain', score: 100 });
      expect(best.need).toMatchObject({ romeCode: 'F1606', contractType: 'cdi', contractTypeLabel: 'CDI', basinCode: '7513', departmentCode: '86', startFrom: '2027-03-01', solutions: ['job', 'sponsorship'] });
      const labels = best.reasons.map((r: { label: string }) => r.label);
      expect(labels).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Métier visé identique : F1606 /),
          'Bassin visé : POITIERS',
          'Démarrage compatible avec la période de sortie',
          // Demo BMO 2024, Poitiers, FAP B2X36 (the only link of F1606): 69 difficult out of 108, shrunk: 74 / 118.
          'Métier en tension : 62 % de recrutements difficiles',
          'CDI : convient à un profil qualifié',
          'Parrainage proposé',
          'Employeur disponible (aucune mise en relation en attente)',
        ]),
      );
      for (const match of res.body.needs) {
        const total = match.reasons.reduce((sum: number, r: { points: number }) => sum + r.points, 0);
        expect(Math.round(total)).toBe(match.score);
      }
      const second = res.body.needs[1];
      expect(second.reasons.map((r: { label: string }) => r.label)).toEqual(expect.arrayContaining(['Bassin visé : CHATELLERAULT (2e choix)']));
      const unrelated = res.body.needs.find((m: { need: { id: string } }) => m.need.id === need.b2);
      expect(unrelated.reasons.map((r: { code: string }) => r.code)).toContain('occupation_unrelated');

      expect(res.body.organisations.map((o: { organisationId: string }) => o.organisationId)).toEqual([orgA.id, expect.any(String), expect.any(String)]);
      expect(res.body.organisations[0]).toEqual({ organisationId: orgA.id, organisationName: 'Peintures du Clain', score: 100, bestNeedId: need.a1, needCount: 2, pendingIntroductions: 0 });
      expect(res.body.organisations.map((o: { organisationName: string }) => o.organisationName)).toEqual(['Peintures du Clain', 'Bâtir en Châtelleraudais', 'Normandie Déco']);
      expect(res.body.organisations[1]).toMatchObject({ bestNeedId: need.b1, needCount: 2 });
    });

    it('leaves out paused and pending organisations; a pause ending yesterday no longer counts', async () => {
      const ids = (await profileMatches(counsellor, profile.p1.id).expect(200)).body.needs.map((m: { need: { id: string } }) => m.need.id);
      expect(ids).not.toContain(need.c1);
      expect(ids).not.toContain(need.d1);

      // Paused until today: still paused today.
      await employerC.agent.patch('/api/organisations/mine/settings').set('x-csrf-token', employerC.csrf).send({ pausedUntil: dayOffset(0) }).expect(200);
      expect((await profileMatches(counsellor, profile.p1.id).expect(200)).body.needs.map((m: { need: { id: string } }) => m.need.id)).not.toContain(need.c1);
      await t.dataSource.query(`UPDATE organisations SET paused_until = $2 WHERE id = $1`, [orgC.id, dayOffset(-1)]);
      try {
        const after = (await profileMatches(counsellor, profile.p1.id).expect(200)).body;
        expect(after.needs.map((m: { need: { id: string } }) => m.need.id)).toContain(need.c1);
        expect(after.organisations.map((o: { organisationName: string }) => o.organisationName)).toContain('Décor en pause');
      } finally {
        await t.dataSource.query(`UPDATE organisations SET paused_until = $2 WHERE id = $1`, [orgC.id, dayOffset(30)]);
      }
    });

    it('never proposes a need in a department the profile avoids, and never says why', async () => {
      const res = await profileMatches(counsellor, profile.avoiding.id).expect(200);
      expect(res.body.needs.map((m: { need: { id: string } }) => m.need.id)).toEqual([need.e1]);
      expect(res.body.organisations.map((o: { organisationName: string }) => o.organisationName)).toEqual(['Normandie Déco']);
      expectNoConstraint('profile matches', res.body);
    });

    it('answers an empty list when no published need is near, and respects the limit', async () => {
      expect((await profileMatches(counsellor, profile.lonely.id).expect(200)).body).toEqual({ profileId: profile.lonely.id, profileCode: profile.lonely.code, needs: [], organisations: [] });
      const limited = (await profileMatches(counsellor, profile.p1.id, '?limit=2').expect(200)).body;
      expect(limited.needs.map((m: { need: { id: string } }) => m.need.id)).toEqual([need.a1, need.b1]);
      expect(limited.organisations).toHaveLength(2);
    });

    it('follows the rules of reading the profile: programme-less coordinators and other organisations get a 404, employers a 403', async () => {
      expect((await profileMatches(otherCounsellor, profile.p1.id).expect(404)).body.code).toBe('candidate_profile.not_found');
      await profileMatches(coordinator, profile.p1.id).expect(404);
      await profileMatches(employerA, profile.p1.id).expect(403);
    });

    it('refuses a limit out of range with a French message', async () => {
      for (const [limit, message] of [
        ['0', 'Le nombre de résultats est d’au moins 1.'],
        ['51', 'Le nombre de résultats est d’au plus 50.'],
        ['beaucoup', 'Le nombre de résultats doit être un entier.'],
      ]) {
        const res = await profileMatches(counsellor, profile.p1.id, `?limit=${limit}`).expect(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors).toContainEqual({ field: 'limit', message });
        expect(res.body.errors.every((e: { field: string }) => e.field === 'limit')).toBe(true);
      }
      await needMatches(employerA, need.a1, '?limit=51').expect(400);
      await employerA.agent.get('/api/suggestions?limit=0').expect(400);
    });
  });

  describe('profiles for a need (its organisation and staff)', () => {
    it('ranks published profiles of the grand domain from the index, employer view only, with reasons; the avoiding profile is never there', async () => {
      const res = await needMatches(employerA, need.a1).expect(200);
      expect(res.body.need).toMatchObject({ id: need.a1, romeCode: 'F1606', basinName: 'POITIERS', status: 'published', statusLabel: 'Publié' });
      const codes = res.body.profiles.map((m: { profile: { code: string } }) => m.profile.code);
      expect(codes).toEqual([profile.p1.code, profile.p5.code, profile.p4.code]);
      for (const match of res.body.profiles) expect(Object.keys(match.profile).sort()).toEqual([...EMPLOYER_PROFILE_KEYS].sort());
      const [best, nearby, far] = res.body.profiles;
      expect(best.score).toBe(100);
      expect(best.reasons.map((r: { label: string }) => r.label)).toEqual(
        expect.arrayContaining(['Bassin visé : POITIERS', 'Démarrage compatible avec la période de sortie', 'Métier en tension : 62 % de recrutements difficiles']),
      );
      expect(nearby.reasons.map((r: { label: string }) => r.label)).toContain('Même département (86)');
      expect(far.reasons.map((r: { label: string }) => r.label)).toEqual(expect.arrayContaining(['Même grand domaine (F)', 'Hors des bassins visés']));
      // Reasons never give the release date away: only the semester reaches the employer.
      expect(JSON.stringify(res.body)).not.toMatch(/2027-03-10|2027-05-20|10\/03\/2027/);
      expectNoConstraint('need matches', res.body);
    });

    it('audits what an employer was shown, not what staff previewed', async () => {
      const before = new Date();
      await needMatches(employerA, need.a1, '?limit=2').expect(200);
      await needMatches(coordinator, need.a1).expect(200);
      const rows = await t.dataSource.query(`SELECT actor_user_id, subject_id, details FROM audit_events WHERE action = 'profile.listed_for_employer' AND occurred_at >= $1`, [before]);
      expect(rows).toEqual([{ actor_user_id: employerA.id, subject_id: orgA.id, details: { via: 'need_matches', needId: need.a1, count: 2, codes: [profile.p1.code, profile.p5.code] } }]);
    });

    it('hides another organisation’s need (404) and refuses pending organisations and counsellors (403)', async () => {
      expect((await needMatches(employerB, need.a1).expect(404)).body.code).toBe('employer_need.not_found');
      await needMatches(pendingEmployer, need.d1).expect(403);
      await needMatches(counsellor, need.a1).expect(403);
      await needMatches(employerA, '00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('answers an empty list for a need no profile comes near', async () => {
      expect((await needMatches(employerB, need.b2).expect(200)).body.profiles).toEqual([]);
    });
  });

  describe('suggestions for an employer', () => {
    it("proposes the best profiles over the organisation's needs, each once, with the need it fits best", async () => {
      const res = await employerA.agent.get('/api/suggestions?limit=10').expect(200);
      const codes = res.body.items.map((i: { profile: { code: string } }) => i.profile.code);
      expect(codes[0]).toBe(profile.p1.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes).not.toContain(profile.avoiding.code);
      expect(codes).not.toContain(profile.p3.code);
      expect(res.body.items[0].need).toMatchObject({ id: need.a1, romeCode: 'F1606' });
      for (const item of res.body.items) expect(Object.keys(item.profile).sort()).toEqual([...EMPLOYER_PROFILE_KEYS].sort());
      expectNoConstraint('suggestions', res.body);
    });

    it("shows the suggestions on the employer's home page, with their reasons", async () => {
      const home = await employerA.agent.get('/').expect(200);
      expect(home.text).toContain('Suggérés pour vous');
      expect(home.text).toContain(`/profils/${profile.p1.code}`);
      expect(home.text).not.toContain(`/profils/${profile.avoiding.code}`);
      expect(home.text).toMatch(/Métier visé identique/);
    });

    it('is for active employers only', async () => {
      await pendingEmployer.agent.get('/api/suggestions').expect(403);
      await counsellor.agent.get('/api/suggestions').expect(403);
      await coordinator.agent.get('/api/suggestions').expect(403);
      await request(t.server).get('/api/suggestions').expect(401);
    });
  });

  describe('pages', () => {
    it('shows a counsellor the employers to contact, with reasons, and an empty state', async () => {
      const page = await counsellor.agent.get(`/conseil/profils/${profile.p1.id}/correspondances`).expect(200);
      expect(page.text).toContain(`Employeurs à contacter pour le profil ${profile.p1.code}`);
      expect(page.text).toContain('Peintures du Clain');
      expect(page.text).toContain('Bassin visé : POITIERS');
      expect(page.text).toContain('Métier en tension : 62 % de recrutements difficiles');
      expect(page.text).not.toContain('Décor en pause');
      expect(page.text).not.toContain('Enseigne en attente');
      expect(page.text.indexOf(`data-need-id="${need.a1}"`)).toBeLessThan(page.text.indexOf(`data-need-id="${need.b1}"`));

      const avoiding = await counsellor.agent.get(`/conseil/profils/${profile.avoiding.id}/correspondances`).expect(200);
      expect(avoiding.text).toContain('Normandie Déco');
      expect(avoiding.text).not.toContain('Peintures du Clain');
      expectNoConstraint('profile matches page', avoiding.text);

      const empty = await counsellor.agent.get(`/conseil/profils/${profile.lonely.id}/correspondances`).expect(200);
      expect(empty.text).toContain('Aucun besoin publié ne correspond pour l’instant à ce profil.');
      await otherCounsellor.agent.get(`/conseil/profils/${profile.p1.id}/correspondances`).expect(404);
    });

    it('shows an employer the ranked profiles of its need, and an empty state', async () => {
      const page = await employerA.agent.get(`/organisation/besoins/${need.a1}/candidats`).expect(200);
      expect(page.text).toContain(`Profil ${profile.p1.code}`);
      expect(page.text).toContain('Pourquoi ce profil');
      expect(page.text).toContain('Démarrage compatible avec la période de sortie');
      expect(page.text).not.toContain(profile.avoiding.code);
      expect(page.text.indexOf(profile.p1.code)).toBeLessThan(page.text.indexOf(profile.p4.code));
      expectNoConstraint('need candidates page', page.text);
      expect(page.text).not.toContain('CP POITIERS VIVONNE');

      const empty = await employerB.agent.get(`/organisation/besoins/${need.b2}/candidats`).expect(200);
      expect(empty.text).toContain('Aucun profil publié ne correspond pour l’instant à ce besoin.');
      await employerB.agent.get(`/organisation/besoins/${need.a1}/candidats`).expect(404);
    });
  });
});

describe('matching while Meilisearch is down', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing listens on the discard port: every search fails at once, as with a stopped Meilisearch.
    t = await startTestApp({ env: { MEILI_URL: 'http://127.0.0.1:9' } });
    await seedReferenceData(t.app.get(ImportRunner));
  });
  afterAll(() => t?.close());

  it('answers 503 problem+json (and a French error page) for the profile side, while needs for a profile keep working', async () => {
    const employer = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Employer })).email);
    const created = await employer.agent.post(NEEDS).set('x-csrf-token', employer.csrf).send(needBody()).expect(201);
    await employer.agent.post(`${NEEDS}/${created.body.id}/publish`).set('x-csrf-token', employer.csrf).send({}).expect(200);

    const started = Date.now();
    const res = await employer.agent.get(`${NEEDS}/${created.body.id}/matches`).expect(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toMatchObject({ status: 503, code: 'matching.search_unavailable', detail: expect.stringMatching(/momentanément indisponible/) });
    await employer.agent.get('/api/suggestions').expect(503);
    // The home page stays up, saying suggestions are away for now.
    const home = await employer.agent.get('/').expect(200);
    expect(home.text).toContain('Les suggestions sont momentanément indisponibles');
    const page = await employer.agent.get(`/organisation/besoins/${created.body.id}/candidats`).expect(503);
    expect(page.text).toContain('momentanément indisponible');

    const counsellor = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Counsellor })).email);
    const draft = await counsellor.agent.post(PROFILES).set('x-csrf-token', counsellor.csrf).send(profileBody()).expect(201);
    const matches = await counsellor.agent.get(`${PROFILES}/${draft.body.id}/matches`).expect(200);
    expect(matches.body.needs.map((m: { need: { id: string } }) => m.need.id)).toEqual([created.body.id]);
  });
});
