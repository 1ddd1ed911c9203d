import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { IntroductionsService } from '../../src/modules/introductions/introductions.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { insertBinome, insertCandidate, insertInterview, insertProfile, insertProgramme, insertRoom, insertSession } from '../support/session-factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string };

const API = (id: string) => `/api/recruitment-sessions/${id}`;
const PROJECT = 'Reprendre un poste en peinture décorative.';

describe('session debriefs: assessments, proposals, Grand Oral, statistics (real PostgreSQL, Redis)', () => {
  let t: TestApp;
  let coordination: Organisation;
  let spip: Organisation;
  let companies: Organisation[];
  let coordinator: Signed;
  let otherCoordinator: Signed;
  let counsellor: Signed;
  let counsellorOther: Signed;
  let employerA: Signed;
  let sponsorA: Signed;
  let employerC: Signed;
  let outsider: Signed;
  let sessionId: string;
  let binomes: string[];
  let cohort: { sessionCandidateId: string; profileId: string; code: string; published: boolean }[];
  /** interviews[c][b]: the interview of candidate c with binôme b. */
  let interviews: string[][];

  const signIn = async (role: Role, organisation: Organisation | null, organisationRole?: OrganisationRole): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}), ...(organisationRole ? { organisationRole } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email };
  };
  const put = (who: Signed, path: string, body: object = {}) => who.agent.put(path).set('x-csrf-token', who.csrf).send(body);
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const assessment = (overrides: Record<string, unknown> = {}) => ({ projectClarity: 3, motivation: 4, fit: 2, comment: 'Projet clair, expérience en atelier à valoriser.', proposals: [], ...overrides });
  const participantOf = async (organisationId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT id FROM session_organisations WHERE session_id = $1 AND organisation_id = $2`, [sessionId, organisationId]))[0].id;
  const assess = (who: Signed, interviewId: string, body: object = assessment()) => put(who, `${API(sessionId)}/debrief/interviews/${interviewId}/assessment`, body);

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const ds = t.dataSource;
    coordination = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale de Poitiers' });
    spip = await createOrganisation(ds, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    companies = [];
    for (const name of ['Peintures du Clain', 'Intérim Vienne', 'Logistique Sud', 'Formation Bâtiment', 'Bois et Cie', 'Transports 86']) {
      companies.push(await createOrganisation(ds, { name, kind: name.startsWith('Intérim') ? OrganisationKind.TempAgency : OrganisationKind.Company }));
    }
    coordinator = await signIn(Role.Coordinator, coordination);
    otherCoordinator = await signIn(Role.Coordinator, await createOrganisation(ds, { kind: OrganisationKind.MissionLocale }));
    counsellor = await signIn(Role.Counsellor, spip);
    counsellorOther = await signIn(Role.Counsellor, await createOrganisation(ds, { kind: OrganisationKind.MissionLocale }));
    employerA = await signIn(Role.Employer, companies[0]);
    sponsorA = await signIn(Role.Employer, companies[0], OrganisationRole.Member);
    employerC = await signIn(Role.Employer, companies[2]);
    outsider = await signIn(Role.Employer, await createOrganisation(ds, { name: 'Hors session' }));

    const programmeId = await insertProgramme(ds, [coordination.id, spip.id]);
    sessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id });
    const rooms = [await insertRoom(ds, sessionId, 'Salle 1'), await insertRoom(ds, sessionId, 'Salle 2'), await insertRoom(ds, sessionId, 'Salle 3')];
    binomes = [
      await insertBinome(ds, sessionId, [companies[0].id, companies[1].id]),
      await insertBinome(ds, sessionId, [companies[2].id, companies[3].id]),
      await insertBinome(ds, sessionId, [companies[4].id, companies[5].id]),
    ];
    cohort = [];
    for (const published of [true, true, false]) {
      const profile = await insertProfile(ds, spip.id, { published, project: PROJECT });
      cohort.push({ sessionCandidateId: await insertCandidate(ds, sessionId, profile.id), profileId: profile.id, code: profile.code, published });
    }
    // Round r: candidate c meets binôme (c + r) % 3 in room c; everyone meets all three binômes.
    interviews = cohort.map(() => []);
    for (let round = 0; round < 3; round++) {
      for (let c = 0; c < 3; c++) {
        const b = (c + round) % 3;
        interviews[c][b] = await insertInterview(ds, { sessionId, binomeId: binomes[b], sessionCandidateId: cohort[c].sessionCandidateId, roomId: rooms[c], round });
      }
    }
  });
  afterAll(() => t?.close());

  describe('who sees what', () => {
    it('shows an employer only their binôme’s interviews, by code with the employer view (the project of published profiles only)', async () => {
      const res = await employerA.agent.get(`${API(sessionId)}/debrief/interviews`).expect(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual([interviews[0][0], interviews[1][0], interviews[2][0]].sort());
      const byCode = Object.fromEntries(res.body.items.map((i: { profileCode: string }) => [i.profileCode, i]));
      expect(byCode[cohort[0].code]).toMatchObject({ published: true, occupations: [{ romeCode: 'F1606', label: expect.any(String) }], project: PROJECT, outcome: null, assessment: null });
      // The internal profile (no recorded consent to publication): its code only, not its target occupations.
      expect(byCode[cohort[2].code]).toMatchObject({ published: false, occupations: [], project: null });
      expect(JSON.stringify(res.body)).not.toMatch(/VIVONNE|Vivonne|profileId/);
    });

    it('answers 404 to organisations and coordinators with no part in the session, and to unknown sessions', async () => {
      await outsider.agent.get(`${API(sessionId)}/debrief/interviews`).expect(404);
      await otherCoordinator.agent.get(`${API(sessionId)}/debrief`).expect(404);
      await otherCoordinator.agent.get(`${API(sessionId)}/statistics`).expect(404);
      await counsellorOther.agent.get(`${API(sessionId)}/debrief/proposals`).expect(404);
      const res = await coordinator.agent.get(`${API('4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f')}/debrief`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('session_debrief.session_not_found');
    });
  });

  it('documents its API in the OpenAPI document', async () => {
    const res = await coordinator.agent.get('/api/docs/openapi.json').expect(200);
    const paths = Object.keys(res.body.paths).filter((path) => /^\/api\/recruitment-sessions\/\{sessionId\}\/(debrief|grand-oral|statistics)/.test(path));
    expect(paths).toHaveLength(16);
    expect(res.body.paths['/api/recruitment-sessions/{sessionId}/debrief/interviews/{sessionInterviewId}/assessment'].put).toBeDefined();
  });

  describe('assessments', () => {
    it('records the binôme’s assessment, marks the interview held, and audits ids only', async () => {
      const res = await assess(employerA, interviews[0][0]).expect(200);
      expect(res.body).toMatchObject({ outcome: 'held', assessment: { projectClarity: 3, motivation: 4, fit: 2, proposals: [] } });
      const [audit] = await t.dataSource.query(`SELECT details FROM audit_events WHERE action = 'session_debrief.assessment_saved' AND subject_id = $1`, [sessionId]);
      expect(audit.details).toMatchObject({ interviewId: interviews[0][0], organisationId: companies[0].id, withComment: true });
      expect(JSON.stringify(audit.details)).not.toContain('atelier');
      // The other organisation of the binôme edits the same assessment: one per interview.
      const partner = await signIn(Role.Employer, companies[1]);
      await assess(partner, interviews[0][0], assessment({ fit: 3 })).expect(200);
      const rows = await t.dataSource.query(`SELECT fit, written_by, updated_by FROM session_assessments WHERE interview_id = $1`, [interviews[0][0]]);
      expect(rows).toEqual([{ fit: 3, written_by: employerA.id, updated_by: partner.id }]);
    });

    it('refuses another binôme’s interview as if it did not exist (404)', async () => {
      const res = await assess(employerC, interviews[1][0]).expect(404);
      expect(res.body.code).toBe('session_debrief.interview_not_found');
      await assess(outsider, interviews[1][0]).expect(404);
      expect(await t.dataSource.query(`SELECT id FROM session_assessments WHERE interview_id = $1`, [interviews[1][0]])).toEqual([]);
    });

    it('refuses personal data in the comment and the proposals’ details (PII guard, 422 naming the field)', async () => {
      const phone = await assess(employerA, interviews[1][0], assessment({ comment: 'Joignable au 06 12 34 56 78 après sa sortie.' })).expect(422);
      expect(phone.body.code).toBe('session_debrief.pii_found');
      expect(phone.body.errors.map((e: { field: string }) => e.field)).toEqual(['comment']);
      const named = await assess(
        employerA,
        interviews[1][0],
        assessment({ comment: null, proposals: [{ kind: 'advice', organisationId: companies[0].id, detail: 'Rappeler Monsieur Dupont pour le CV.' }] }),
      ).expect(422);
      expect(named.body.errors.map((e: { field: string }) => e.field)).toContain('proposals.0.detail');
      expect(await t.dataSource.query(`SELECT id FROM session_assessments WHERE interview_id = $1`, [interviews[1][0]])).toEqual([]);
    });

    it('refuses marks, organisations and sponsors that are not sound, naming the field', async () => {
      const cases: [object, number, string][] = [
        [assessment({ projectClarity: 5 }), 400, 'projectClarity'],
        [assessment({ proposals: [{ kind: 'cake', organisationId: companies[0].id }] }), 400, 'proposals.0.kind'],
        [assessment({ proposals: [{ kind: 'job', organisationId: companies[2].id }] }), 422, 'proposals.0.organisationId'],
        [assessment({ proposals: [{ kind: 'sponsorship', organisationId: companies[0].id }] }), 422, 'proposals.0.sponsorUserId'],
        [assessment({ proposals: [{ kind: 'sponsorship', organisationId: companies[1].id, sponsorUserId: sponsorA.id }] }), 422, 'proposals.0.sponsorUserId'],
        [assessment({ proposals: [{ kind: 'training', organisationId: companies[0].id, contractType: 'cdi' }] }), 422, 'proposals.0.contractType'],
      ];
      for (const [body, status, field] of cases) {
        const res = await assess(employerA, interviews[1][0], body);
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });

  describe('proposals', () => {
    const proposalsOf = async (interviewId: string) =>
      (await coordinator.agent.get(`${API(sessionId)}/debrief/interviews?pageSize=100`).expect(200)).body.items.find((i: { id: string }) => i.id === interviewId).assessment.proposals as {
        id: string;
        kind: string;
        status: string;
      }[];

    it('turns accepted proposals into a real introduction and sponsorship, linked, with the e-mails queued; a declined one stays declined', async () => {
      await assess(
        employerA,
        interviews[1][0],
        assessment({
          proposals: [
            { kind: 'job', organisationId: companies[0].id, contractType: 'cdi', detail: 'Poste de peintre en atelier.' },
            { kind: 'sponsorship', organisationId: companies[0].id, sponsorUserId: sponsorA.id },
            { kind: 'training', organisationId: companies[1].id },
          ],
        }),
      ).expect(200);
      const proposals = await proposalsOf(interviews[1][0]);
      const byKind = Object.fromEntries(proposals.map((p) => [p.kind, p]));
      const today = parisDate(new Date());

      // The organiser's coordinator acts for the SPIP owning the profile.
      const job = await post(coordinator, `${API(sessionId)}/debrief/proposals/${byKind.job.id}/accept`, { candidateAgreed: true, candidateAgreedOn: today }).expect(200);
      expect(job.body).toMatchObject({ status: 'accepted', introductionId: expect.any(String), sponsorshipId: null, candidateAgreedOn: today });
      const [introduction] = await t.dataSource.query(`SELECT profile_id, organisation_id, partner_organisation_id, solution, status, initiator FROM introductions WHERE id = $1`, [
        job.body.introductionId,
      ]);
      expect(introduction).toEqual({ profile_id: cohort[1].profileId, organisation_id: companies[0].id, partner_organisation_id: spip.id, solution: 'job', status: 'proposed', initiator: 'partner' });
      // As for any proposal, every member of the employer organisation hears of it until one takes it up.
      const mails = await t.dataSource.query(
        `SELECT payload->>'template' AS template, payload->>'recipientUserId' AS recipient FROM outbox_messages WHERE payload->>'introductionId' = $1 ORDER BY recipient`,
        [job.body.introductionId],
      );
      expect(mails).toEqual([employerA.id, sponsorA.id].sort().map((recipient) => ({ template: 'introduction-proposed', recipient })));

      // The counsellor owning the profile accepts the sponsorship.
      const sponsorship = await post(counsellor, `${API(sessionId)}/debrief/proposals/${byKind.sponsorship.id}/accept`, { candidateAgreed: true, candidateAgreedOn: today }).expect(200);
      expect(sponsorship.body).toMatchObject({ status: 'accepted', sponsorshipId: expect.any(String), introductionId: null });
      const [row] = await t.dataSource.query(`SELECT profile_id, organisation_id, sponsor_user_id, status FROM sponsorships WHERE id = $1`, [sponsorship.body.sponsorshipId]);
      expect(row).toEqual({ profile_id: cohort[1].profileId, organisation_id: companies[0].id, sponsor_user_id: sponsorA.id, status: 'active' });

      const declined = await post(coordinator, `${API(sessionId)}/debrief/proposals/${byKind.training.id}/decline`, { reason: 'candidate_declined' }).expect(200);
      expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'candidate_declined', introductionId: null });
      await post(coordinator, `${API(sessionId)}/debrief/proposals/${byKind.training.id}/accept`, { candidateAgreed: true, candidateAgreedOn: today }).expect(409);

      // The binôme sees what became of its proposals, not the candidate's consent record.
      const seen = (await employerA.agent.get(`${API(sessionId)}/debrief/interviews`).expect(200)).body.items.find((i: { id: string }) => i.id === interviews[1][0]);
      expect(seen.assessment.proposals.map((p: { kind: string; status: string; candidateAgreedOn: string | null }) => [p.kind, p.status, p.candidateAgreedOn]).sort()).toEqual([
        ['job', 'accepted', null],
        ['sponsorship', 'accepted', null],
        ['training', 'declined', null],
      ]);

      // Decided proposals cannot be dropped by a later edit of the assessment.
      const edit = await assess(employerA, interviews[1][0], assessment({ proposals: [] })).expect(409);
      expect(edit.body.code).toBe('session_debrief.proposal_decided');
    });

    it('lets the organiser’s coordinator engage a sponsorship for a profile of another organisation of the programme, and audits them', async () => {
      await assess(employerA, interviews[0][0], assessment({ proposals: [{ kind: 'sponsorship', organisationId: companies[0].id, sponsorUserId: sponsorA.id }] })).expect(200);
      const [proposal] = await proposalsOf(interviews[0][0]);
      const res = await post(coordinator, `${API(sessionId)}/debrief/proposals/${proposal.id}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }).expect(200);
      const [row] = await t.dataSource.query(`SELECT s.profile_id, s.created_by, p.owner_organisation_id FROM sponsorships s JOIN candidate_profiles p ON p.id = s.profile_id WHERE s.id = $1`, [
        res.body.sponsorshipId,
      ]);
      expect(row).toEqual({ profile_id: cohort[0].profileId, created_by: coordinator.id, owner_organisation_id: spip.id });
      const events = await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE action = 'session_debrief.proposal_accepted' AND details->>'proposalId' = $1`, [proposal.id]);
      expect(events).toEqual([{ actor_user_id: coordinator.id, details: expect.objectContaining({ sponsorshipId: res.body.sponsorshipId, kind: 'sponsorship', candidateAgreement: true }) }]);
    });

    it('refuses an introduction for an internal profile with a clear French problem, not a 500', async () => {
      await assess(employerA, interviews[2][0], assessment({ proposals: [{ kind: 'immersion', organisationId: companies[1].id }] })).expect(200);
      const [proposal] = await proposalsOf(interviews[2][0]);
      const res = await post(coordinator, `${API(sessionId)}/debrief/proposals/${proposal.id}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }).expect(422);
      expect(res.body.code).toBe('session_debrief.profile_not_published');
      expect(res.body.detail).toContain('Le profil doit être publié pour une mise en relation');
      expect((await proposalsOf(interviews[2][0]))[0].status).toBe('pending');
    });

    it('requires the candidate’s agreement, and lets the counsellors of the profiles’ organisation list the pending proposals', async () => {
      const [proposal] = await proposalsOf(interviews[2][0]);
      const res = await post(coordinator, `${API(sessionId)}/debrief/proposals/${proposal.id}/accept`, { candidateAgreedOn: parisDate(new Date()) }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('candidateAgreed');
      const list = await counsellor.agent.get(`${API(sessionId)}/debrief/proposals?status=pending`).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([proposal.id]);
    });
  });

  describe('closing, no-shows and statistics', () => {
    it('records a no-show, refuses assessing it, and freezes assessments once the debrief is closed', async () => {
      await put(employerC, `${API(sessionId)}/debrief/interviews/${interviews[0][1]}/outcome`, { outcome: 'no_show' }).expect(200);
      const refused = await assess(employerC, interviews[0][1]).expect(409);
      expect(refused.body.code).toBe('session_debrief.interview_not_held');
      await put(coordinator, `${API(sessionId)}/debrief/interviews/${interviews[1][1]}/outcome`, { outcome: 'held' }).expect(200);
      await post(coordinator, `${API(sessionId)}/debrief/close`).expect(200);
      const closed = await assess(employerC, interviews[1][1]).expect(409);
      expect(closed.body.code).toBe('session_debrief.closed');
      await post(coordinator, `${API(sessionId)}/debrief/reopen`).expect(200);
      await assess(employerC, interviews[1][1], assessment({ proposals: [{ kind: 'advice', organisationId: companies[3].id }] })).expect(200);
    });

    it('computes the figures of the hand-built session', async () => {
      // Candidate 1 met all three binômes (held); candidate 0 had a no-show with binôme 1.
      const employerE = await signIn(Role.Employer, companies[4]);
      await put(employerE, `${API(sessionId)}/debrief/interviews/${interviews[1][2]}/outcome`, { outcome: 'held' }).expect(200);
      await put(coordinator, `${API(sessionId)}/grand-oral/attendance/${await participantOf(companies[0].id)}`, { present: true }).expect(200);
      await put(coordinator, `${API(sessionId)}/grand-oral/attendance/${await participantOf(companies[2].id)}`, { present: false }).expect(200);
      const res = await coordinator.agent.get(`${API(sessionId)}/statistics`).expect(200);
      expect(res.body).toEqual({
        sessionId,
        candidates: 3,
        organisations: { participating: 6, presentAtGrandOral: 1, absentAtGrandOral: 1 },
        // Held: [0][0], [1][0], [2][0], [1][1], [1][2]; no-show: [0][1].
        interviews: { scheduled: 9, held: 5, noShow: 1, unrecorded: 3 },
        meetingsTarget: 3,
        candidatesMeetingTarget: 1,
        assessments: 4,
        proposals: {
          total: 6,
          byKind: { sponsorship: 2, advice: 1, introduction: 0, job: 1, training: 1, immersion: 1, job_promise: 0 },
          accepted: 3,
          declined: 1,
          pending: 2,
        },
        introductionsCreated: 1,
        sponsorshipsCreated: 2,
      });
    });
  });

  describe('Grand Oral', () => {
    it('generates the order of passage in cohort order, reorders it by hand, and refuses an order that is not the cohort', async () => {
      const generated = await post(coordinator, `${API(sessionId)}/grand-oral/order/generate`).expect(200);
      expect(generated.body.passages.map((p: { profileCode: string; position: number }) => [p.position, p.profileCode])).toEqual(cohort.map((c, i) => [i + 1, c.code]));
      const reversed = cohort.map((c) => c.sessionCandidateId).reverse();
      const reordered = await put(coordinator, `${API(sessionId)}/grand-oral/order`, { sessionCandidateIds: reversed }).expect(200);
      expect(reordered.body.passages.map((p: { sessionCandidateId: string }) => p.sessionCandidateId)).toEqual(reversed);
      const partial = await put(coordinator, `${API(sessionId)}/grand-oral/order`, { sessionCandidateIds: reversed.slice(1) }).expect(422);
      expect(partial.body.code).toBe('session_debrief.cohort_mismatch');
      // Generating again keeps the hand-made order.
      const again = await post(coordinator, `${API(sessionId)}/grand-oral/order/generate`).expect(200);
      expect(again.body.passages.map((p: { sessionCandidateId: string }) => p.sessionCandidateId)).toEqual(reversed);
    });

    it('records notes per passage and general notes through the PII guard, and attendance; coordinators of the organiser only', async () => {
      const note = await put(coordinator, `${API(sessionId)}/grand-oral/passages/${cohort[0].sessionCandidateId}`, { note: 'Présentation claire ; questions sur la mobilité.' }).expect(200);
      expect(note.body.passages.find((p: { sessionCandidateId: string }) => p.sessionCandidateId === cohort[0].sessionCandidateId).note).toBe('Présentation claire ; questions sur la mobilité.');
      const pii = await put(coordinator, `${API(sessionId)}/grand-oral/notes`, { notes: 'Écrire à candidat@example.org' }).expect(422);
      expect(pii.body.errors.map((e: { field: string }) => e.field)).toEqual(['notes']);
      const notes = await put(coordinator, `${API(sessionId)}/grand-oral/notes`, { notes: 'Bonne dynamique ; trois visites proposées.' }).expect(200);
      expect(notes.body.notes).toBe('Bonne dynamique ; trois visites proposées.');
      expect(notes.body.attendance.find((a: { organisationId: string }) => a.organisationId === companies[0].id).present).toBe(true);
      await put(coordinator, `${API(sessionId)}/grand-oral/attendance/4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f`, { present: true }).expect(404);
      await otherCoordinator.agent.get(`${API(sessionId)}/grand-oral`).expect(404);
      await employerA.agent.get(`${API(sessionId)}/grand-oral`).expect(403);
    });
  });
  /**
   * A session of its own with one binôme (companies 0 and 1) and one interview per candidate, so that the tests
   * below leave the hand-built session's figures alone.
   */
  const smallSession = async (values: { status?: 'planning' | 'scheduled' | 'held' | 'cancelled'; interviewOn?: string; published?: boolean[] } = {}) => {
    const ds = t.dataSource;
    const programmeId = await insertProgramme(ds, [coordination.id, spip.id]);
    const id = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, status: values.status, interviewOn: values.interviewOn });
    const room = await insertRoom(ds, id, 'Salle 1');
    const binome = await insertBinome(ds, id, [companies[0].id, companies[1].id]);
    const interviewIds: string[] = [];
    for (const [round, published] of (values.published ?? [true]).entries()) {
      const profile = await insertProfile(ds, spip.id, { published });
      interviewIds.push(await insertInterview(ds, { sessionId: id, binomeId: binome, sessionCandidateId: await insertCandidate(ds, id, profile.id), roomId: room, round }));
    }
    return { id, interviewIds };
  };
  /** A pending proposal stored straight in the tables (for sessions whose debrief is not open to the API). */
  const storedProposal = async (sessionIdOf: string, interviewId: string, kind = 'job'): Promise<string> => {
    const [a] = await t.dataSource.query(`INSERT INTO session_assessments (interview_id, session_id, project_clarity, motivation, fit) VALUES ($1, $2, 3, 3, 3) RETURNING id`, [interviewId, sessionIdOf]);
    const [p] = await t.dataSource.query(`INSERT INTO session_proposals (assessment_id, session_id, kind, organisation_id) VALUES ($1, $2, $3, $4) RETURNING id`, [a.id, sessionIdOf, kind, companies[0].id]);
    return p.id;
  };

  describe('when the debrief is open', () => {
    it('refuses outcomes, assessments and proposals’ follow-up on a cancelled session, a session in planning and before the interview day (409, French)', async () => {
      const tomorrow = parisDate(new Date(Date.now() + 36 * 3600_000));
      const cases = [
        { values: { status: 'cancelled' as const }, code: 'session_debrief.session_cancelled', detail: 'annulée' },
        { values: { status: 'planning' as const }, code: 'session_debrief.session_not_scheduled', detail: 'planning de cette session n’est pas encore arrêté' },
        { values: { interviewOn: tomorrow }, code: 'session_debrief.before_interview_day', detail: `le ${tomorrow.split('-').reverse().join('/')}` },
      ];
      for (const { values, code, detail } of cases) {
        const { id, interviewIds } = await smallSession(values);
        const responses = [
          await put(employerA, `${API(id)}/debrief/interviews/${interviewIds[0]}/outcome`, { outcome: 'held' }),
          await put(coordinator, `${API(id)}/debrief/interviews/${interviewIds[0]}/outcome`, { outcome: 'no_show' }),
          await put(employerA, `${API(id)}/debrief/interviews/${interviewIds[0]}/assessment`, assessment()),
        ];
        const proposalId = await storedProposal(id, interviewIds[0]);
        responses.push(
          await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }),
          await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/decline`, { reason: 'other' }),
        );
        for (const res of responses) {
          expect({ code, status: res.status, body: res.body.code }).toEqual({ code, status: 409, body: code });
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.body.detail).toContain(detail);
        }
        expect(await t.dataSource.query(`SELECT outcome FROM session_interview_outcomes WHERE session_id = $1`, [id])).toEqual([]);
        expect(await t.dataSource.query(`SELECT status FROM session_proposals WHERE id = $1`, [proposalId])).toEqual([{ status: 'pending' }]);
        expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM introductions WHERE profile_id = (SELECT sc.profile_id FROM session_interviews i JOIN session_candidates sc ON sc.id = i.session_candidate_id WHERE i.id = $1)`, [interviewIds[0]])).toEqual([{ n: 0 }]);
        const summary = await coordinator.agent.get(`${API(id)}/debrief`).expect(200);
        expect(summary.body).toMatchObject({ recordingOpen: false, recordingBlockedReason: expect.stringContaining(detail) });
      }
      // The Grand Oral of a cancelled session is refused too; its order may be prepared before the day.
      const cancelled = await smallSession({ status: 'cancelled' });
      expect((await post(coordinator, `${API(cancelled.id)}/grand-oral/order/generate`).expect(409)).body.code).toBe('session_debrief.session_cancelled');
      const ahead = await smallSession({ interviewOn: tomorrow });
      await post(coordinator, `${API(ahead.id)}/grand-oral/order/generate`).expect(200);
    });

    it('opens on the interview day itself (in France), for a scheduled or held session', async () => {
      for (const values of [{ interviewOn: parisDate(new Date()) }, { status: 'held' as const }]) {
        const { id, interviewIds } = await smallSession(values);
        expect((await coordinator.agent.get(`${API(id)}/debrief`).expect(200)).body).toMatchObject({ recordingOpen: true, recordingBlockedReason: null });
        await put(employerA, `${API(id)}/debrief/interviews/${interviewIds[0]}/assessment`, assessment()).expect(200);
      }
    });
  });

  it('takes turns with the planner deleting an interview instead of deadlocking (the session row is locked first)', async () => {
    const { id, interviewIds } = await smallSession({ published: [true, true] });
    // A first record creates the session's debrief row: later writes no longer wait on the session row for it.
    await put(coordinator, `${API(id)}/debrief/interviews/${interviewIds[0]}/outcome`, { outcome: 'held' }).expect(200);
    const planner = t.dataSource.createQueryRunner();
    await planner.connect();
    try {
      await planner.startTransaction();
      // As the planner does before it reschedules: lock the session, then delete interviews.
      await planner.query(`SELECT id FROM recruitment_sessions WHERE id = $1 FOR UPDATE`, [id]);
      const write = put(employerA, `${API(id)}/debrief/interviews/${interviewIds[1]}/outcome`, { outcome: 'held' }).then((res) => res);
      const waiting = async () =>
        (await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n as number;
      for (let tries = 0; (await waiting()) === 0; tries++) {
        if (tries > 200) throw new Error('the debrief write never waited for the planner');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await planner.query(`DELETE FROM session_interviews WHERE id = $1`, [interviewIds[1]]);
      await planner.commitTransaction();
      const res = await write;
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'session_debrief.interview_not_found' });
    } finally {
      if (planner.isTransactionActive) await planner.rollbackTransaction();
      await planner.release();
    }
  });

  describe('accepting a proposal', () => {
    it('refuses a decline or a second acceptance while the introduction is being created, then links it', async () => {
      const { id, interviewIds } = await smallSession();
      await put(employerA, `${API(id)}/debrief/interviews/${interviewIds[0]}/assessment`, assessment({ proposals: [{ kind: 'job', organisationId: companies[0].id }] })).expect(200);
      const [{ id: proposalId }] = await t.dataSource.query(`SELECT id FROM session_proposals WHERE session_id = $1`, [id]);
      const introductions = t.app.get(IntroductionsService, { strict: false });
      const propose = introductions.propose.bind(introductions);
      const during: { status: number; code: string }[] = [];
      const spy = jest.spyOn(introductions, 'propose').mockImplementationOnce(async (...args) => {
        // Between the claim and the link: what a coordinator deciding at the same moment would meet.
        for (const res of [
          await post(counsellor, `${API(id)}/debrief/proposals/${proposalId}/decline`, { reason: 'candidate_declined' }),
          await post(counsellor, `${API(id)}/debrief/proposals/${proposalId}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }),
        ]) {
          during.push({ status: res.status, code: res.body.code });
        }
        return propose(...args);
      });
      try {
        const res = await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }).expect(200);
        expect(res.body).toMatchObject({ status: 'accepted', introductionId: expect.any(String) });
      } finally {
        spy.mockRestore();
      }
      expect(during).toEqual([
        { status: 409, code: 'session_debrief.acceptance_under_way' },
        { status: 409, code: 'session_debrief.acceptance_under_way' },
      ]);
      const rows = await t.dataSource.query(`SELECT status, accepting_at, accepting_by FROM session_proposals WHERE id = $1`, [proposalId]);
      expect(rows).toEqual([{ status: 'accepted', accepting_at: null, accepting_by: null }]);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM introductions WHERE profile_id = (SELECT sc.profile_id FROM session_interviews i JOIN session_candidates sc ON sc.id = i.session_candidate_id WHERE i.id = $1)`, [interviewIds[0]])).toEqual([{ n: 1 }]);
    });

    it('drops the claim when the follow-up fails, so the proposal can be accepted again or declined', async () => {
      const { id, interviewIds } = await smallSession({ published: [false] });
      await put(employerA, `${API(id)}/debrief/interviews/${interviewIds[0]}/assessment`, assessment({ proposals: [{ kind: 'immersion', organisationId: companies[1].id }] })).expect(200);
      const [{ id: proposalId }] = await t.dataSource.query(`SELECT id FROM session_proposals WHERE session_id = $1`, [id]);
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/accept`, { candidateAgreed: true, candidateAgreedOn: parisDate(new Date()) }).expect(422);
        expect(res.body.code).toBe('session_debrief.profile_not_published');
        expect(await t.dataSource.query(`SELECT status, accepting_at, accepting_by FROM session_proposals WHERE id = $1`, [proposalId])).toEqual([{ status: 'pending', accepting_at: null, accepting_by: null }]);
      }
      await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/decline`, { reason: 'not_relevant' }).expect(200);
    });

    it('lets a stale claim (a request that died half-way) be taken over', async () => {
      const { id, interviewIds } = await smallSession();
      const proposalId = await storedProposal(id, interviewIds[0], 'advice');
      await t.dataSource.query(`UPDATE session_proposals SET accepting_at = now() - interval '1 minute', accepting_by = $2 WHERE id = $1`, [proposalId, coordinator.id]);
      expect((await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/decline`, { reason: 'other' }).expect(409)).body.code).toBe('session_debrief.acceptance_under_way');
      await t.dataSource.query(`UPDATE session_proposals SET accepting_at = now() - interval '6 minutes' WHERE id = $1`, [proposalId]);
      const res = await post(coordinator, `${API(id)}/debrief/proposals/${proposalId}/decline`, { reason: 'other' }).expect(200);
      expect(res.body.status).toBe('declined');
      expect(await t.dataSource.query(`SELECT accepting_at FROM session_proposals WHERE id = $1`, [proposalId])).toEqual([{ accepting_at: null }]);
    });
  });
});
