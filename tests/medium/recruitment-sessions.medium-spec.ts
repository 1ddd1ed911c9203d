import { DataSource, QueryFailedError } from 'typeorm';
import { RecruitmentSessionsRepository } from '../../src/modules/recruitment-sessions/recruitment-sessions.repository';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

type Row = { id: string; round: number; room_id: string; manual: boolean };
const UNIQUE_VIOLATION = '23505';
const codeOf = (error: unknown) => (error instanceof QueryFailedError ? (error as QueryFailedError & { code?: string }).code : undefined);

/**
 * The schedule's hard rules held by the database itself (real PostgreSQL): hand moves swap two interviews in one
 * transaction thanks to the DEFERRABLE constraints, and two coordinators racing for one place cannot both get it.
 */
describe('recruitment session interviews in the database (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repository: RecruitmentSessionsRepository;
  let sessionId: string;
  let rooms: string[];
  let binomes: string[];
  let participants: string[];

  const rows = (): Promise<Row[]> => ds.query(`SELECT id, round, room_id, manual FROM session_interviews WHERE session_id = $1 ORDER BY round, room_id`, [sessionId]);

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    repository = new RecruitmentSessionsRepository(ds);
    await ds.query(`INSERT INTO establishments (code, name, type) VALUES ('CP POITIERS VIVONNE', 'Centre pénitentiaire de Poitiers-Vivonne', 'centre_penitentiaire') ON CONFLICT DO NOTHING`);
    const [partner] = await ds.query(`INSERT INTO organisations (name, kind, status) VALUES ('Mission Locale', 'mission_locale', 'active') RETURNING id`);
    const [programme] = await ds.query(`INSERT INTO programmes (name) VALUES ('Programme') RETURNING id`);
    const [session] = await ds.query(
      `INSERT INTO recruitment_sessions (programme_id, organiser_organisation_id, establishment_code, title, interview_on, day_starts_at, day_ends_at, slot_minutes)
       VALUES ($1, $2, 'CP POITIERS VIVONNE', 'Session', '2027-01-14', '09:00', '12:00', 30) RETURNING id`,
      [programme.id, partner.id],
    );
    sessionId = session.id;
    participants = [];
    for (let i = 0; i < 4; i++) {
      const [organisation] = await ds.query(`INSERT INTO organisations (name, kind, status) VALUES ($1, 'company', 'active') RETURNING id`, [`Entreprise ${i}`]);
      const [participant] = await ds.query(`INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until) VALUES ($1, $2, '09:00', '12:00') RETURNING id`, [
        sessionId,
        organisation.id,
      ]);
      participants.push(participant.id);
    }
    const now = new Date();
    binomes = await ds.transaction(async (manager) => [
      await repository.insertBinome(sessionId, [participants[0], participants[1]], false, ['Deux entreprises'], null, now, manager),
      await repository.insertBinome(sessionId, [participants[2], participants[3]], false, ['Deux entreprises'], null, now, manager),
    ]);
    rooms = await ds.transaction(async (manager) => [(await repository.addRoom(sessionId, 'Salle A', now, manager))!, (await repository.addRoom(sessionId, 'Salle B', now, manager))!]);
    const candidates: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [profile] = await ds.query(`INSERT INTO candidate_profiles (code, owner_organisation_id) VALUES ($1, $2) RETURNING id`, [`PSG-MED${i + 2}`, partner.id]);
      candidates.push((await ds.transaction((manager) => repository.addCandidate(sessionId, profile.id, null, now, manager)))!);
    }
    // Round 0: candidate 0 with binôme 0 in room A, candidate 1 with binôme 1 in room B; round 1: the other way round.
    await ds.transaction((manager) =>
      repository.insertInterviews(
        sessionId,
        [
          { binomeId: binomes[0], sessionCandidateId: candidates[0], roomId: rooms[0], round: 0, relevance: 0.5 },
          { binomeId: binomes[1], sessionCandidateId: candidates[1], roomId: rooms[1], round: 0, relevance: 0.5 },
          { binomeId: binomes[1], sessionCandidateId: candidates[0], roomId: rooms[0], round: 1, relevance: 0.5 },
          { binomeId: binomes[0], sessionCandidateId: candidates[1], roomId: rooms[1], round: 1, relevance: 0.5 },
        ],
        now,
        manager,
      ),
    );
  });
  afterAll(() => close());

  it('swaps two interviews in one transaction, marking both as placed by hand', async () => {
    // The two interviews of round 0 trade rooms: each is in the other's place until both are moved.
    const [a, b] = (await rows()).filter((r) => r.round === 0);
    await ds.transaction((manager) =>
      repository.moveInterviews(
        [
          { id: a.id, round: b.round, roomId: b.room_id },
          { id: b.id, round: a.round, roomId: a.room_id },
        ],
        manager,
      ),
    );
    const after = await rows();
    expect(after.find((r) => r.id === a.id)).toMatchObject({ round: b.round, room_id: b.room_id, manual: true });
    expect(after.find((r) => r.id === b.id)).toMatchObject({ round: a.round, room_id: a.room_id, manual: true });
  });

  it('refuses a move that leaves two interviews in one room and round, at the move itself', async () => {
    const before = await rows();
    const [a, b] = before.filter((r) => r.round === 0);
    const error = await ds.transaction((manager) => repository.moveInterviews([{ id: a.id, round: b.round, roomId: b.room_id }], manager)).catch((e: unknown) => e);
    expect(codeOf(error)).toBe(UNIQUE_VIOLATION);
    expect(await rows()).toEqual(before);
  });

  it('lets only one of two coordinators racing for the same free place have it', async () => {
    const before = await rows();
    const [a, b] = before.filter((r) => r.round === 0);
    // Round 2 is free; both interviews of round 0 are moved to room A in round 2 at the same time.
    const outcomes = await Promise.allSettled([
      ds.transaction((manager) => repository.moveInterviews([{ id: a.id, round: 2, roomId: rooms[0] }], manager)),
      ds.transaction((manager) => repository.moveInterviews([{ id: b.id, round: 2, roomId: rooms[0] }], manager)),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(codeOf(refused.reason)).toBe(UNIQUE_VIOLATION);
    expect((await rows()).filter((r) => r.round === 2 && r.room_id === rooms[0])).toHaveLength(1);
  });

  it('keeps an organisation in one binôme of a session at most', async () => {
    const error = await ds
      .transaction((manager) => repository.insertBinome(sessionId, [participants[0], participants[2]], true, [], null, new Date(), manager))
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe(UNIQUE_VIOLATION);
    expect(await ds.query(`SELECT count(*)::int AS n FROM session_binomes WHERE session_id = $1`, [sessionId])).toEqual([{ n: 2 }]);
  });
});
