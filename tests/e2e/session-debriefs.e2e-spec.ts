import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
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
      expect(byCode[cohort[0].code]).toMatchObject({ occupations: [{ romeCode: 'F1606', label: expect.any(String) }], project: PROJECT, outcome: null, assessment: null });
      expect(byCode[cohort[2].code].project).toBeNull();
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
});
