import { DataSource } from 'typeorm';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { InterviewOutcome, ProposalKind } from '../../src/modules/session-debriefs/session-debrief';
import { SessionDebriefsRepository } from '../../src/modules/session-debriefs/session-debriefs.repository';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { insertBinome, insertCandidate, insertInterview, insertProfile, insertProgramme, insertRoom, insertSession } from '../support/session-factories';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(60_000);

/** The debrief tables on a real PostgreSQL: their constraints, the cascades from the planner's rows, the figures. */
describe('session debrief tables and repository (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: SessionDebriefsRepository;
  let sessionId: string;
  let userId: string;
  let binomes: string[];
  let organisations: string[];
  let candidates: string[];
  let rooms: string[];

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    repo = new SessionDebriefsRepository(ds);
    await ds.query(`INSERT INTO establishments (code, name, type) VALUES ('CP POITIERS VIVONNE', 'Centre pénitentiaire de Poitiers-Vivonne', 'centre_penitentiaire') ON CONFLICT DO NOTHING`);
    const organiser = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale });
    userId = (await createUser(ds, { role: Role.Coordinator, organisationId: organiser.id })).id;
    sessionId = await insertSession(ds, { programmeId: await insertProgramme(ds, [organiser.id]), organiserOrganisationId: organiser.id });
    organisations = [];
    for (let i = 0; i < 4; i++) organisations.push((await createOrganisation(ds)).id);
    binomes = [await insertBinome(ds, sessionId, [organisations[0], organisations[1]]), await insertBinome(ds, sessionId, [organisations[2], organisations[3]])];
    rooms = [await insertRoom(ds, sessionId, 'A'), await insertRoom(ds, sessionId, 'B')];
    candidates = [];
    for (let i = 0; i < 3; i++) candidates.push(await insertCandidate(ds, sessionId, (await insertProfile(ds, organiser.id)).id));
  });
  afterAll(() => close?.());

  const assessed = async (interviewId: string, kinds: ProposalKind[]) =>
    ds.transaction(async (manager) => {
      const now = new Date();
      await repo.saveOutcome(sessionId, interviewId, InterviewOutcome.Held, userId, now, manager);
      const id = await repo.saveAssessment(sessionId, interviewId, { projectClarity: 3, motivation: 3, fit: 3, comment: null }, userId, now, manager);
      for (const kind of kinds) await repo.insertProposal(sessionId, id, { kind, organisationId: organisations[0], detail: null, contractType: null, sponsorUserId: null }, now, manager);
      return id;
    });

  it('counts the figures, and a rescheduled (deleted) interview takes its outcome, assessment and proposals with it', async () => {
    const kept = await insertInterview(ds, { sessionId, binomeId: binomes[0], sessionCandidateId: candidates[0], roomId: rooms[0], round: 0 });
    const second = await insertInterview(ds, { sessionId, binomeId: binomes[1], sessionCandidateId: candidates[0], roomId: rooms[0], round: 1 });
    const moved = await insertInterview(ds, { sessionId, binomeId: binomes[1], sessionCandidateId: candidates[1], roomId: rooms[1], round: 0 });
    await assessed(kept, [ProposalKind.Job, ProposalKind.Advice]);
    await assessed(second, []);
    await assessed(moved, [ProposalKind.Immersion]);
    const before = await repo.figures(sessionId, 2);
    expect(before).toMatchObject({ candidates: 3, organisations: 4, interviewsScheduled: 3, interviewsHeld: 3, candidatesMeetingTarget: 1, assessments: 3 });
    expect(before.proposalsByKind).toEqual({ job: 1, advice: 1, immersion: 1 });

    await ds.query(`DELETE FROM session_interviews WHERE id = $1`, [moved]);
    const after = await repo.figures(sessionId, 2);
    expect(after).toMatchObject({ interviewsScheduled: 2, interviewsHeld: 2, assessments: 2, candidatesMeetingTarget: 1 });
    expect(after.proposalsByKind).toEqual({ job: 1, advice: 1 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM session_interview_outcomes WHERE interview_id = $1`, [moved])).toEqual([{ n: 0 }]);
  });

  it('keeps the proposals’ rules in the database itself', async () => {
    const interview = await insertInterview(ds, { sessionId, binomeId: binomes[0], sessionCandidateId: candidates[2], roomId: rooms[1], round: 2 });
    const assessmentId = await assessed(interview, []);
    const insert = (kind: string, extra: Record<string, string> = {}) => {
      const columns = ['assessment_id', 'session_id', 'kind', 'organisation_id', ...Object.keys(extra)];
      const values = [assessmentId, sessionId, kind, organisations[0], ...Object.values(extra)];
      return ds.query(`INSERT INTO session_proposals (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    };
    await expect(insert('training', { contract_type: 'cdi' })).rejects.toThrow(/session_proposals_contract/);
    await expect(insert('cake')).rejects.toThrow(/check/);
    await expect(insert('job', { status: 'accepted' })).rejects.toThrow(/session_proposals_/);
    // An acceptance under way is a claim on a pending proposal only.
    await expect(insert('advice', { status: 'declined', decline_reason: 'other', decided_at: '2026-02-10T10:00:00Z', accepting_at: '2026-02-10T10:00:00Z' })).rejects.toThrow(
      /session_proposals_claim/,
    );
    await insert('job');
    await expect(insert('job')).rejects.toThrow(/session_proposals_kind_key/);
  });

  it('rewrites the order of passage in one go, whatever the positions before', async () => {
    await ds.transaction((manager) => repo.writeOrder(sessionId, candidates, userId, new Date(), manager));
    await ds.transaction((manager) => repo.writeOrder(sessionId, [...candidates].reverse(), userId, new Date(), manager));
    const passages = await repo.passages(sessionId);
    expect(passages.map((p) => [p.position, p.sessionCandidateId])).toEqual([...candidates].reverse().map((id, i) => [i + 1, id]));
    await expect(ds.query(`UPDATE grand_oral_passages SET position = 1 WHERE session_id = $1`, [sessionId])).rejects.toThrow(/grand_oral_passages_position_key/);
  });
});
