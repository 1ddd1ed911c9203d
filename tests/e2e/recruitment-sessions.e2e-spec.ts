import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string };
type Interview = { id: string; binome_id: string; session_candidate_id: string; room_id: string; round: number; manual: boolean };

const API = '/api/recruitment-sessions';
const PROFILES = '/api/candidate-profiles';
const NEEDS = '/api/employer-needs';
/** Free text of a draft profile: it has not passed the PII guard, so employers never see it. */
const DRAFT_PROJECT = 'Projet brouillon jamais montré aux employeurs.';
const PUBLISHED_PROJECT = 'Devenir peintre en bâtiment.';

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  targetRomeCodes: ['F1606'],
  targetBasinCodes: ['7513'],
  project: DRAFT_PROJECT,
  ...overrides,
});

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

const sessionBody = (programmeId: string, overrides: Record<string, unknown> = {}) => ({
  programmeId,
  establishmentCode: 'CP POITIERS VIVONNE',
  title: '100 chances — Vivonne, printemps',
  coachingOn: '2027-01-12',
  interviewOn: '2027-01-14',
  grandOralOn: '2027-01-15',
  dayStartsAt: '09:00',
  dayEndsAt: '17:00',
  slotMinutes: 30,
  breakMinutes: 10,
  ...overrides,
});

describe('recruitment sessions: planner, binômes, schedule, hand moves, printable schedules and e-mails (real PostgreSQL, Redis, SMTP)', () => {
  let t: TestApp;
  let programmeId: string;
  let counsellor: Signed;
  let counsellorOther: Signed;
  let coordinator: Signed;
  let coordinatorOther: Signed;
  let coordinatorOutside: Signed;
  let admin: Signed;
  let sessionId: string;
  const organisations: Organisation[] = [];
  const employers = new Map<string, Signed>();
  const morningOnly = new Set<string>();
  const codes: string[] = [];
  let publishedCode: string;
  let outsiderCode: string;
  let strangerEmployer: Signed;
  let pendingOrganisation: Organisation;

  const signIn = async (role: Role, organisation: Organisation | null): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const put = (who: Signed, path: string, body: object = {}) => who.agent.put(path).set('x-csrf-token', who.csrf).send(body);
  const patch = (who: Signed, path: string, body: object = {}) => who.agent.patch(path).set('x-csrf-token', who.csrf).send(body);
  const del = (who: Signed, path: string) => who.agent.delete(path).set('x-csrf-token', who.csrf);
  const form = (who: Signed, path: string, body: Record<string, string> = {}) => who.agent.post(path).type('form').send({ _csrf: who.csrf, ...body });
  const createProfile = async (who: Signed, overrides: Record<string, unknown> = {}) => {
    const res = await post(who, PROFILES, profileBody(overrides));
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; code: string };
  };
  const interviews = (): Promise<Interview[]> =>
    t.dataSource.query(`SELECT id, binome_id, session_candidate_id, room_id, round, manual FROM session_interviews WHERE session_id = $1 ORDER BY round, room_id`, [sessionId]);
  const planner = async () => (await coordinator.agent.get(`${API}/${sessionId}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const spip = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    const missionLocale = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale de Poitiers' });
    const otherMissionLocale = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale voisine' });
    const outside = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale hors programme' });
    const [programme] = await t.dataSource.query(`INSERT INTO programmes (name) VALUES ('100 chances 100 emplois — Vienne') RETURNING id`);
    programmeId = programme.id;
    await t.dataSource.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2), ($1, $3), ($1, $4)`, [programmeId, spip.id, missionLocale.id, otherMissionLocale.id]);
    counsellor = await signIn(Role.Counsellor, spip);
    counsellorOther = await signIn(Role.Counsellor, outside);
    coordinator = await signIn(Role.Coordinator, missionLocale);
    coordinatorOther = await signIn(Role.Coordinator, otherMissionLocale);
    coordinatorOutside = await signIn(Role.Coordinator, outside);
    admin = await signIn(Role.Admin, null);

    const kinds = [
      ...Array(6).fill(OrganisationKind.Company),
      ...Array(3).fill(OrganisationKind.TempAgency),
      ...Array(2).fill(OrganisationKind.TrainingBody),
      OrganisationKind.InsertionStructure,
    ] as OrganisationKind[];
    for (const [index, kind] of kinds.entries()) {
      const organisation = await createOrganisation(t.dataSource, { kind, name: `Employeur ${String(index + 1).padStart(2, '0')}`, nafCode: index % 2 ? '43.34Z' : '81.21Z' });
      organisations.push(organisation);
      employers.set(organisation.id, await signIn(Role.Employer, organisation));
      if (index % 3 === 0) morningOnly.add(organisation.id);
    }
    // Two companies recruit painters: the candidates aiming at painting are more relevant to them.
    for (const organisation of organisations.slice(0, 2)) {
      const who = employers.get(organisation.id)!;
      const created = await post(who, NEEDS, needBody());
      expect(created.status).toBe(201);
      await post(who, `${NEEDS}/${created.body.id}/publish`).expect(200);
    }
    strangerEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Employeur absent' }));
    pendingOrganisation = await createOrganisation(t.dataSource, { name: 'Employeur en attente', status: OrganisationStatus.Pending });

    for (let i = 0; i < 10; i++) codes.push((await createProfile(counsellor, { targetRomeCodes: [i % 2 ? 'K2204' : 'F1606'] })).code);
    const published = await createProfile(counsellor, { project: PUBLISHED_PROJECT });
    await post(counsellor, `${PROFILES}/${published.id}/consents`, { scope: 'publication', givenOn: '2026-01-15' }).expect(201);
    await post(counsellor, `${PROFILES}/${published.id}/publish`).expect(200);
    publishedCode = published.code;
    outsiderCode = (await createProfile(counsellorOther)).code;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('creation', () => {
    it('refuses inconsistent dates and hours with French messages naming the fields', async () => {
      const res = await post(coordinator, API, sessionBody(programmeId, { dayStartsAt: '17:00', dayEndsAt: '09:00', grandOralOn: '2027-01-10' }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('recruitment_session.invalid');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dayEndsAt', 'grandOralOn']);
      expect(res.body.detail).toContain('Le Grand Oral');
      const bad = await post(coordinator, API, sessionBody(programmeId, { slotMinutes: 'trente', dayStartsAt: '9h' }));
      expect(bad.status).toBe(400);
      expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['dayStartsAt', 'slotMinutes']);
    });

    it('is for coordinators of an organisation of the programme only', async () => {
      expect((await post(coordinatorOutside, API, sessionBody(programmeId))).body.code).toBe('recruitment_session.programme_unavailable');
      expect((await post(admin, API, sessionBody(programmeId))).status).toBe(403);
      expect((await post(coordinator, API, sessionBody(programmeId, { establishmentCode: 'NULLE PART' }))).body.code).toBe('recruitment_session.establishment_unknown');
    });

    it('creates the session in planning with 12 rounds and 3 meetings per candidate by default', async () => {
      const res = await post(coordinator, API, sessionBody(programmeId));
      expect(res.status).toBe(201);
      sessionId = res.body.id;
      expect(res.body).toMatchObject({ status: 'planning', meetingsPerCandidate: 3, dayStartsAt: '09:00', dayEndsAt: '17:00' });
      expect(res.body.rounds).toHaveLength(12);
      expect(res.body.rounds[1]).toEqual({ round: 1, startsAt: '09:40', endsAt: '10:10' });
      const audit = await t.dataSource.query(`SELECT action, details FROM audit_events WHERE subject_type = 'recruitment_session' AND subject_id = $1`, [sessionId]);
      expect(audit).toEqual([{ action: 'recruitment_session.created', details: { programmeId } }]);
    });

    it('hides the session from coordinators of other organisations and from employers', async () => {
      expect((await coordinatorOther.agent.get(`${API}/${sessionId}`)).status).toBe(404);
      expect((await coordinatorOutside.agent.get(`${API}/${sessionId}`)).status).toBe(404);
      expect((await post(coordinatorOther, `${API}/${sessionId}/rooms`, { name: 'Salle pirate' })).status).toBe(404);
      expect((await employers.get(organisations[0].id)!.agent.get(`${API}/${sessionId}`)).status).toBe(403);
      expect((await coordinatorOther.agent.get(API)).body.total).toBe(0);
      expect((await coordinator.agent.get(API)).body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      expect((await admin.agent.get(`${API}/${sessionId}`)).status).toBe(200);
    });
  });

  describe('set-up', () => {
    it('builds the cohort from profiles of the programme’s organisations only', async () => {
      for (const code of codes) expect((await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: code })).status).toBe(200);
      const outsider = await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: outsiderCode });
      expect(outsider.status).toBe(422);
      expect(outsider.body.code).toBe('recruitment_session.profile_unavailable');
      expect((await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: codes[0] })).status).toBe(409);
      const view = await planner();
      expect(view.candidates.map((c: { code: string }) => c.code).sort()).toEqual([...codes].sort());
      expect(JSON.stringify(view)).not.toContain(DRAFT_PROJECT);
    });

    it('takes active employer organisations with their hours (whole day by default)', async () => {
      for (const organisation of organisations) {
        const hours = morningOnly.has(organisation.id) ? { availableFrom: '09:00', availableUntil: '12:30' } : {};
        expect((await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: organisation.id, ...hours })).status).toBe(200);
      }
      expect((await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: pendingOrganisation.id })).body.code).toBe('recruitment_session.organisation_unavailable');
      const wrongHours = await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: (await createOrganisation(t.dataSource)).id, availableFrom: '14:00', availableUntil: '11:00' });
      expect(wrongHours.status).toBe(400);
      expect(wrongHours.body.errors[0].field).toBe('availableUntil');
      const view = await planner();
      expect(view.organisations).toHaveLength(12);
      const afternoon = view.organisations.find((o: { organisationId: string }) => o.organisationId === organisations[2].id);
      expect((await put(coordinator, `${API}/${sessionId}/organisations/${afternoon.id}`, { availableFrom: '13:00', availableUntil: '17:00' })).status).toBe(200);
      expect((await put(coordinator, `${API}/${sessionId}/organisations/${afternoon.id}`, { availableFrom: '18:00', availableUntil: '19:00' })).body.errors[0].field).toBe('availableFrom');
      expect((await put(coordinator, `${API}/${sessionId}/organisations/${afternoon.id}`, { availableFrom: '09:00', availableUntil: '17:00' })).status).toBe(200);
      const first = view.organisations.find((o: { organisationId: string }) => o.organisationId === organisations[1].id);
      expect([first.availableFrom, first.availableUntil]).toEqual(['09:00', '17:00']);
    });

    it('adds, renames and removes rooms; names are unique case aside', async () => {
      for (const name of ['Salle A', 'Salle B', 'Salle C', 'Parloir']) expect((await post(coordinator, `${API}/${sessionId}/rooms`, { name })).status).toBe(200);
      const duplicate = await post(coordinator, `${API}/${sessionId}/rooms`, { name: 'salle a' });
      expect([duplicate.status, duplicate.body.code]).toEqual([409, 'recruitment_session.room_name_taken']);
      let view = await planner();
      const parloir = view.rooms.find((r: { name: string }) => r.name === 'Parloir');
      expect((await patch(coordinator, `${API}/${sessionId}/rooms/${parloir.id}`, { name: 'Salle D' })).status).toBe(200);
      const extra = (await post(coordinator, `${API}/${sessionId}/rooms`, { name: 'Salle E' })).body.rooms.find((r: { name: string }) => r.name === 'Salle E');
      expect((await del(coordinator, `${API}/${sessionId}/rooms/${extra.id}`)).status).toBe(200);
      view = await planner();
      expect(view.rooms.map((r: { name: string }) => r.name)).toEqual(['Salle A', 'Salle B', 'Salle C', 'Salle D']);
    });
  });

  describe('binômes', () => {
    it('suggests complementary binômes with their reasons; each organisation in exactly one', async () => {
      const res = await post(coordinator, `${API}/${sessionId}/binomes/suggest`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ binomes: 6, unpaired: [] });
      const view = await planner();
      expect(view.binomes).toHaveLength(6);
      for (const binome of view.binomes) expect(binome.reasons.length).toBeGreaterThan(0);
      // Six companies, six others: every binôme pairs a company with another kind.
      for (const binome of view.binomes) expect(binome.organisations.filter((o: { kindLabel: string }) => o.kindLabel === 'Entreprise')).toHaveLength(1);
      const members = await t.dataSource.query(
        `SELECT so.organisation_id, count(*)::int AS n FROM session_binome_members m JOIN session_organisations so ON so.id = m.participant_id WHERE so.session_id = $1 GROUP BY 1`,
        [sessionId],
      );
      expect(members).toHaveLength(12);
      expect(members.every((m: { n: number }) => m.n === 1)).toBe(true);
    });

    it('keeps a binôme formed by hand through a new suggestion, and shows an odd organisation with the reason', async () => {
      const [a, b] = [organisations[0].id, organisations[1].id];
      const formed = await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [a, b] });
      expect(formed.status).toBe(200);
      const locked = formed.body.binomes.find((x: { locked: boolean }) => x.locked);
      expect(locked.organisations.map((o: { organisationId: string }) => o.organisationId).sort()).toEqual([a, b].sort());
      const extra = await createOrganisation(t.dataSource, { kind: OrganisationKind.TempAgency, name: 'Agence impaire' });
      await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: extra.id }).expect(200);
      const odd = await post(coordinator, `${API}/${sessionId}/binomes/suggest`);
      expect(odd.body.unpaired).toHaveLength(1);
      expect(odd.body.unpaired[0].reason).toMatch(/impair/);
      const view = await planner();
      expect(view.binomes.find((x: { id: string }) => x.id === locked.id)).toBeDefined();
      expect(view.unpaired).toHaveLength(1);
      const page = await coordinator.agent.get(`/coordination/sessions/${sessionId}`).expect(200);
      expect(page.text).toContain('Organisations sans binôme');
      expect(page.text).toContain(odd.body.unpaired[0].name);
      const participant = view.organisations.find((o: { organisationId: string }) => o.organisationId === extra.id);
      expect((await del(coordinator, `${API}/${sessionId}/organisations/${participant.id}`)).status).toBe(200);
      // The organisation's binôme partner is free again: a new suggestion pairs everyone.
      expect((await post(coordinator, `${API}/${sessionId}/binomes/suggest`)).body.unpaired).toEqual([]);
    });

    it('refuses a binôme of one organisation twice or of an organisation not taking part', async () => {
      const same = await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [organisations[2].id, organisations[2].id] });
      expect([same.status, same.body.code]).toEqual([422, 'recruitment_session.binome_invalid']);
      const absent = await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [organisations[2].id, pendingOrganisation.id] });
      expect(absent.status).toBe(422);
    });
  });

  describe('schedule', () => {
    it('generates a complete schedule: ≥ 3 distinct binômes per candidate, nobody double-booked, within hours', async () => {
      const res = await post(coordinator, `${API}/${sessionId}/schedule/generate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ complete: true, infeasibilities: [] });
      const rows = await interviews();
      expect(rows.length).toBe(res.body.interviewCount);
      const perCandidate = await t.dataSource.query(
        `SELECT c.id, count(DISTINCT i.binome_id)::int AS binomes, count(*)::int AS n FROM session_candidates c LEFT JOIN session_interviews i ON i.session_candidate_id = c.id
          WHERE c.session_id = $1 GROUP BY c.id`,
        [sessionId],
      );
      expect(perCandidate).toHaveLength(10);
      for (const c of perCandidate) expect(c.binomes).toBeGreaterThanOrEqual(3);
      for (const c of perCandidate) expect(c.binomes).toBe(c.n);
      const doubles = await t.dataSource.query(
        `SELECT 'organisation' AS what FROM session_interviews i JOIN session_binome_members m ON m.binome_id = i.binome_id WHERE i.session_id = $1 GROUP BY m.participant_id, i.round HAVING count(*) > 1
         UNION ALL SELECT 'room' FROM session_interviews WHERE session_id = $1 GROUP BY room_id, round HAVING count(*) > 1
         UNION ALL SELECT 'candidate' FROM session_interviews WHERE session_id = $1 GROUP BY session_candidate_id, round HAVING count(*) > 1`,
        [sessionId],
      );
      expect(doubles).toEqual([]);
      // Morning-only organisations (9 h 00 – 12 h 30) interview in the first five rounds only (the fifth ends at 12 h 10).
      const late = await t.dataSource.query(
        `SELECT i.round FROM session_interviews i JOIN session_binome_members m ON m.binome_id = i.binome_id JOIN session_organisations so ON so.id = m.participant_id
          WHERE i.session_id = $1 AND so.organisation_id = ANY($2::uuid[]) AND i.round > 4`,
        [sessionId, [...morningOnly]],
      );
      expect(late).toEqual([]);
      // Relevance from the matching module: the painters' binôme (the two companies with a published F1606 need,
      // paired by hand above) matters more to candidates aiming at painting than to the others.
      const relevance = await t.dataSource.query(
        `SELECT p.target_rome_codes[1] AS rome, i.relevance FROM session_interviews i
           JOIN session_candidates c ON c.id = i.session_candidate_id JOIN candidate_profiles p ON p.id = c.profile_id
           JOIN session_binome_members m ON m.binome_id = i.binome_id JOIN session_organisations so ON so.id = m.participant_id
          WHERE i.session_id = $1 AND so.organisation_id = $2`,
        [sessionId, organisations[0].id],
      );
      const painters = relevance.filter((r: { rome: string }) => r.rome === 'F1606').map((r: { relevance: number }) => r.relevance);
      const others = relevance.filter((r: { rome: string }) => r.rome !== 'F1606').map((r: { relevance: number }) => r.relevance);
      expect(painters.length).toBeGreaterThan(0);
      expect(Math.min(...painters)).toBeGreaterThan(0.5);
      if (others.length) expect(Math.min(...painters)).toBeGreaterThan(Math.max(...others));
      const view = await planner();
      expect(view.warnings).toEqual([]);
      expect(view.grid).toHaveLength(12);
      expect(view.candidates.every((c: { enough: boolean }) => c.enough)).toBe(true);
    });

    it('says why when the constraints make a complete schedule impossible', async () => {
      const res = await patch(coordinator, `${API}/${sessionId}`, { meetingsPerCandidate: 12 });
      expect(res.status).toBe(200);
      expect(res.body.diagnosis.length).toBeGreaterThan(0);
      const generated = await post(coordinator, `${API}/${sessionId}/schedule/generate`);
      expect(generated.body.complete).toBe(false);
      expect(generated.body.infeasibilities.length).toBeGreaterThan(0);
      expect(generated.body.infeasibilities.join(' ')).toMatch(/binôme|créneau|salle|capacité/i);
      await patch(coordinator, `${API}/${sessionId}`, { meetingsPerCandidate: 3 }).expect(200);
      expect((await post(coordinator, `${API}/${sessionId}/schedule/generate`)).body.complete).toBe(true);
    });

    it('moves an interview by hand to a free place, marked manual', async () => {
      const rows = await interviews();
      const rooms = (await planner()).rooms.map((r: { id: string }) => r.id);
      const free = (round: number, room: string) => !rows.some((r) => r.round === round && r.room_id === room);
      const busy = (row: Interview, round: number) => rows.some((r) => r.id !== row.id && r.round === round && (r.session_candidate_id === row.session_candidate_id || r.binome_id === row.binome_id));
      let move: { row: Interview; round: number; room: string } | null = null;
      for (const row of rows.filter((r) => r.round < 4)) {
        for (let round = 0; round < 5 && !move; round++) for (const room of rooms) if (!move && round !== row.round && free(round, room) && !busy(row, round)) move = { row, round, room };
        if (move) break;
      }
      expect(move).not.toBeNull();
      const res = await post(coordinator, `${API}/${sessionId}/interviews/${move!.row.id}/move`, { round: move!.round, roomId: move!.room });
      expect(res.status).toBe(200);
      const moved = (await interviews()).find((r) => r.id === move!.row.id)!;
      expect([moved.round, moved.room_id, moved.manual]).toEqual([move!.round, move!.room, true]);
      expect(res.body.grid[move!.round].cells[rooms.indexOf(move!.room)].manual).toBe(true);
    });

    it('refuses a move that double-books a candidate, naming the conflict, and changes nothing', async () => {
      const rows = await interviews();
      const rooms = (await planner()).rooms.map((r: { id: string }) => r.id);
      const codesById = new Map((await planner()).candidates.map((c: { id: string; code: string }) => [c.id, c.code]));
      // An interview and another round where its candidate already has one, with a free room there.
      let target: { row: Interview; round: number; room: string } | null = null;
      for (const row of rows) {
        for (const other of rows) {
          if (target || other.id === row.id || other.session_candidate_id !== row.session_candidate_id) continue;
          const room = rooms.find((r: string) => !rows.some((x) => x.round === other.round && x.room_id === r));
          if (room) target = { row, round: other.round, room };
        }
      }
      expect(target).not.toBeNull();
      const before = await interviews();
      const res = await post(coordinator, `${API}/${sessionId}/interviews/${target!.row.id}/move`, { round: target!.round, roomId: target!.room });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('recruitment_session.move_conflict');
      expect(res.body.detail).toContain(codesById.get(target!.row.session_candidate_id));
      expect(await interviews()).toEqual(before);
    });

    it('swaps two interviews in one transaction when the place is taken', async () => {
      const rows = await interviews();
      const clash = (row: Interview, round: number, ignore: string) =>
        rows.some((r) => r.id !== row.id && r.id !== ignore && r.round === round && (r.session_candidate_id === row.session_candidate_id || r.binome_id === row.binome_id));
      let pair: [Interview, Interview] | null = null;
      for (const a of rows) for (const b of rows) if (!pair && a.round !== b.round && a.round < 5 && b.round < 5 && !clash(a, b.round, b.id) && !clash(b, a.round, a.id)) pair = [a, b];
      expect(pair).not.toBeNull();
      const [a, b] = pair!;
      const res = await post(coordinator, `${API}/${sessionId}/interviews/${a.id}/move`, { round: b.round, roomId: b.room_id });
      expect(res.status).toBe(200);
      const after = await interviews();
      expect(after.find((r) => r.id === a.id)).toMatchObject({ round: b.round, room_id: b.room_id, manual: true });
      expect(after.find((r) => r.id === b.id)).toMatchObject({ round: a.round, room_id: a.room_id, manual: true });
      const audit = await t.dataSource.query(`SELECT details FROM audit_events WHERE subject_id = $1 AND action = 'recruitment_session.interview_moved' ORDER BY id DESC LIMIT 1`, [sessionId]);
      expect(audit[0].details).toMatchObject({ interviewId: a.id, swappedWith: b.id });
    });

    it('accepts a move outside an organisation’s hours but lists it as a warning on the grid', async () => {
      const view = await planner();
      const morning = view.binomes.find((b: { availableRounds: number[] }) => b.availableRounds.length <= 5);
      expect(morning).toBeDefined();
      const rows = await interviews();
      const row = rows.find((r) => r.binome_id === morning.id)!;
      const clash = (round: number) => rows.some((r) => r.id !== row.id && r.round === round && (r.session_candidate_id === row.session_candidate_id || r.binome_id === row.binome_id));
      const round = [11, 10, 9, 8].find((r) => !clash(r))!;
      const room = view.rooms.find((r: { id: string }) => !rows.some((x) => x.round === round && x.room_id === r.id))?.id ?? view.rooms[0].id;
      const res = await post(coordinator, `${API}/${sessionId}/interviews/${row.id}/move`, { round, roomId: room });
      expect(res.status).toBe(200);
      expect(res.body.warnings.join(' ')).toContain(morning.label);
      const page = await coordinator.agent.get(`/coordination/sessions/${sessionId}`).expect(200);
      expect(page.text).toContain('À vérifier');
      // Back within the hours for the rest of the flow.
      expect((await post(coordinator, `${API}/${sessionId}/schedule/generate`)).body.complete).toBe(true);
    });
  });

  describe('printable schedules, employer pages and e-mails', () => {
    it('prints each organisation’s and each candidate’s rows', async () => {
      const view = await planner();
      const byOrganisation = await coordinator.agent.get(`/coordination/sessions/${sessionId}/impression/organisations`).expect(200);
      // One sheet per organisation when printed: its sections break pages under the site's print rules.
      expect(byOrganisation.text).toContain('<section class="print-page"');
      expect((await coordinator.agent.get('/static/css/app.css').expect(200)).text).toMatch(/@media print \{[^}]*\.no-print[^}]*\}\s*\.print-page \{ page-break-after: always/);
      for (const organisation of organisations) expect(byOrganisation.text).toContain(organisation.name);
      const section = byOrganisation.text.split('<section').find((s) => s.includes(`>${organisations[3].name}</h1>`))!;
      const binome = view.binomes.find((b: { organisations: { organisationId: string }[] }) => b.organisations.some((o) => o.organisationId === organisations[3].id));
      const expected = view.interviews.filter((i: { binomeId: string }) => i.binomeId === binome.id);
      expect((section.match(/<tr><td>/g) ?? []).length).toBe(expected.length);
      for (const i of expected) expect(section).toContain(i.candidateCode);
      const byCandidate = await coordinator.agent.get(`/coordination/sessions/${sessionId}/impression/candidats`).expect(200);
      for (const code of codes) expect(byCandidate.text).toContain(`>${code}</h1>`);
      expect((await coordinatorOther.agent.get(`/coordination/sessions/${sessionId}/impression/candidats`)).status).toBe(404);
    });

    it('shows employers their sessions, but not the cohort before the schedule is sent', async () => {
      const employer = employers.get(organisations[3].id)!;
      const list = await employer.agent.get(API).expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      expect((await strangerEmployer.agent.get(API)).body.total).toBe(0);
      const mine = await employer.agent.get(`${API}/${sessionId}/my-schedule`).expect(200);
      expect(mine.body).toMatchObject({ published: false, interviews: [] });
      expect((await strangerEmployer.agent.get(`${API}/${sessionId}/my-schedule`)).status).toBe(404);
      expect((await strangerEmployer.agent.get(`/organisation/sessions/${sessionId}`)).status).toBe(404);
      const page = await employer.agent.get(`/organisation/sessions/${sessionId}`).expect(200);
      expect(page.text).toContain('pas encore envoyé');
    });

    it('e-mails each organisation its own schedule, and says so when sending again after a change', async () => {
      const res = await post(coordinator, `${API}/${sessionId}/schedule/send`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ organisations: 12, recipients: 12, resent: false, skipped: 0, skippedOrganisations: [] });
      const view = await planner();
      expect(view.scheduleSentAt).not.toBeNull();
      const organisation = organisations[4];
      const employer = employers.get(organisation.id)!;
      const binome = view.binomes.find((b: { organisations: { organisationId: string }[] }) => b.organisations.some((o) => o.organisationId === organisation.id));
      const mine = view.interviews.filter((i: { binomeId: string }) => i.binomeId === binome.id);
      const mail = await t.mail.waitFor((m) => m.to.includes(employer.email) && m.subject.startsWith('Votre planning'), 20_000);
      for (const i of mine) expect(mail.text).toContain(`${i.roomName} · ${i.candidateCode}`);
      const others = codes.filter((c) => !mine.some((i: { candidateCode: string }) => i.candidateCode === c));
      expect(others.length).toBeGreaterThan(0);
      for (const code of others) expect(mail.text).not.toContain(code);
      expect(mail.text).not.toContain(DRAFT_PROJECT);

      const api = await employer.agent.get(`${API}/${sessionId}/my-schedule`).expect(200);
      expect(api.body.published).toBe(true);
      expect(api.body.interviews.map((i: { candidateCode: string }) => i.candidateCode).sort()).toEqual(mine.map((i: { candidateCode: string }) => i.candidateCode).sort());
      for (const trace of [DRAFT_PROJECT, 'releaseFrom', 'ageBand', 'semi_liberte', 'constraints']) expect(JSON.stringify(api.body)).not.toContain(trace);
      const page = await employer.agent.get(`/organisation/sessions/${sessionId}`).expect(200);
      for (const i of mine) expect(page.text).toContain(i.candidateCode);

      const again = await post(coordinator, `${API}/${sessionId}/schedule/send`);
      expect(again.body.resent).toBe(true);
      const update = await t.mail.waitFor((m) => m.to.includes(employer.email) && m.subject.startsWith('Planning mis à jour'), 20_000);
      expect(update.text).toContain('remplace celui envoyé précédemment');
    });

    it('shows the employer view of a published profile’s project to the organisations that meet it', async () => {
      await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: publishedCode }).expect(200);
      await post(coordinator, `${API}/${sessionId}/schedule/generate`).expect(200);
      const row = (await planner()).interviews.find((i: { candidateCode: string }) => i.candidateCode === publishedCode);
      const binome = (await planner()).binomes.find((b: { id: string }) => b.id === row.binomeId);
      const employer = employers.get(binome.organisations[0].organisationId)!;
      const mine = await employer.agent.get(`${API}/${sessionId}/my-schedule`).expect(200);
      expect(mine.body.interviews.find((i: { candidateCode: string }) => i.candidateCode === publishedCode).project).toBe(PUBLISHED_PROJECT);
    });
  });

  describe('pages and status', () => {
    it('creates a session and generates its schedule through the coordinator’s pages', async () => {
      const list = await coordinator.agent.get('/coordination/sessions').expect(200);
      expect(list.text).toContain('Créer une session');
      const invalid = await form(coordinator, '/coordination/sessions', { ...stringify(sessionBody(programmeId)), title: 'x' });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('Le titre doit compter');
      const created = await form(coordinator, '/coordination/sessions', stringify(sessionBody(programmeId, { title: 'Session de la page', coachingOn: '' })));
      expect(created.status).toBe(303);
      const id = created.headers.location.split('/')[3].split('?')[0];
      for (const code of codes.slice(0, 4)) await form(coordinator, `/coordination/sessions/${id}/cohorte`, { profileCode: code }).expect(303);
      for (const organisation of organisations.slice(0, 6)) await form(coordinator, `/coordination/sessions/${id}/organisations`, { organisationId: organisation.id }).expect(303);
      await form(coordinator, `/coordination/sessions/${id}/salles`, { name: 'Salle unique' }).expect(303);
      await form(coordinator, `/coordination/sessions/${id}/salles`, { name: 'Salle deux' }).expect(303);
      await form(coordinator, `/coordination/sessions/${id}/binomes/suggerer`).expect(303);
      const generated = await form(coordinator, `/coordination/sessions/${id}/planning/generer`);
      expect(generated.status).toBe(303);
      expect(generated.headers.location).toContain('info=planning-genere');
      const page = await coordinator.agent.get(`/coordination/sessions/${id}`).expect(200);
      expect(page.text).toContain('id="grille"');
      expect(page.text).toContain('Binôme 1');
      for (const code of codes.slice(0, 4)) expect(page.text).toContain(code);
      const detailsBody = (overrides: Record<string, unknown>) => {
        const { programmeId: _programme, establishmentCode: _establishment, ...fields } = sessionBody(programmeId, { title: 'Session renommée', coachingOn: '', ...overrides });
        return stringify(fields);
      };
      const details = await form(coordinator, `/coordination/sessions/${id}/details`, detailsBody({ dayEndsAt: '08:00' }));
      expect(details.status).toBe(400);
      expect(details.text).toContain('La fin de la journée');
      expect((await coordinator.agent.get(`${API}/${id}`)).body.interviews.length).toBeGreaterThan(0);
      const renamed = await form(coordinator, `/coordination/sessions/${id}/details`, detailsBody({ dayEndsAt: '18:00' }));
      expect(renamed.status).toBe(303);
      const after = (await coordinator.agent.get(`${API}/${id}`)).body;
      expect([after.title, after.coachingOn, after.dayEndsAt, after.interviews.length]).toEqual(['Session renommée', null, '18:00', 0]);
      const refused = await form(coordinator, `/coordination/sessions/${id}/salles`, { name: 'salle UNIQUE' });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('Une salle s’appelle déjà');
    });

    it('moves the session through its statuses and closes it to changes once held', async () => {
      expect((await post(coordinator, `${API}/${sessionId}/status`, { status: 'held' })).body.code).toBe('recruitment_session.invalid_transition');
      expect((await post(coordinator, `${API}/${sessionId}/status`, { status: 'scheduled' })).body.status).toBe('scheduled');
      expect((await post(coordinator, `${API}/${sessionId}/status`, { status: 'held' })).body.status).toBe('held');
      const closed = await post(coordinator, `${API}/${sessionId}/rooms`, { name: 'Salle tardive' });
      expect([closed.status, closed.body.code]).toEqual([409, 'recruitment_session.closed']);
    });

    it('keeps the audit trail to ids', async () => {
      const rows = await t.dataSource.query(`SELECT details::text AS details FROM audit_events WHERE subject_type = 'recruitment_session'`);
      expect(rows.length).toBeGreaterThan(20);
      for (const row of rows) for (const trace of [...codes, 'Salle', 'Employeur']) expect(row.details ?? '').not.toContain(trace);
    });
  });

  describe('binômes and hours', () => {
    it('pairs the two morning-only organisations together, so ten candidates meet three binômes each', async () => {
      const created = await post(coordinator, API, sessionBody(programmeId, { title: 'Session du matin et de l’après-midi', dayEndsAt: '16:30' }));
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(created.body.rounds).toHaveLength(11);
      for (const code of codes) expect((await post(coordinator, `${API}/${id}/candidates`, { profileCode: code })).status).toBe(200);
      // Two companies of one sector (NAF N) there 9 h 00 – 12 h 30 (rounds 1 to 5); two companies (NAF F), two temp
      // agencies (N, F), a training body (F) and an insertion structure (F) all day. On kinds and sectors alone each
      // morning company goes with an intermediary of another sector (4.5 each), wasting its partner's afternoon.
      const [morningA, morningB] = [organisations[2], organisations[4]];
      for (const organisation of [morningA, morningB, organisations[3], organisations[5], organisations[6], organisations[7], organisations[9], organisations[11]]) {
        const hours = organisation === morningA || organisation === morningB ? { availableFrom: '09:00', availableUntil: '12:30' } : {};
        expect((await post(coordinator, `${API}/${id}/organisations`, { organisationId: organisation.id, ...hours })).status).toBe(200);
      }
      for (const name of ['Salle A', 'Salle B', 'Salle C']) expect((await post(coordinator, `${API}/${id}/rooms`, { name })).status).toBe(200);

      const suggested = await post(coordinator, `${API}/${id}/binomes/suggest`);
      expect(suggested.status).toBe(200);
      expect(suggested.body).toMatchObject({ binomes: 4, unpaired: [] });
      type ViewBinome = { organisations: { organisationId: string }[]; reasons: string[] };
      const view = (await coordinator.agent.get(`${API}/${id}`).expect(200)).body;
      const morning = view.binomes.find((b: ViewBinome) => b.organisations.some((o) => o.organisationId === morningA.id)) as ViewBinome;
      expect(morning.organisations.map((o) => o.organisationId).sort()).toEqual([morningA.id, morningB.id].sort());
      expect(morning.reasons).toContain('Mêmes horaires (créneaux 1 à 5)');
      const generated = await post(coordinator, `${API}/${id}/schedule/generate`);
      expect(generated.body).toMatchObject({ complete: true, infeasibilities: [], interviewCount: 30 });

      // Control: the split pairing leaves 3 rooms × 5 morning rounds + 2 binômes × 6 afternoon rounds = 27 places.
      for (const pair of [
        [morningA.id, organisations[7].id],
        [morningB.id, organisations[9].id],
      ]) {
        expect((await post(coordinator, `${API}/${id}/binomes`, { organisationIds: pair })).status).toBe(200);
      }
      expect((await post(coordinator, `${API}/${id}/binomes/suggest`)).body).toMatchObject({ binomes: 4, unpaired: [] });
      const split = await post(coordinator, `${API}/${id}/schedule/generate`);
      expect(split.body.complete).toBe(false);
      expect(split.body.infeasibilities.join(' ')).toContain('27 places');
    });
  });
});

const stringify = (body: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
