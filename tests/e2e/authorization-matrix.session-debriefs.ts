import { MatrixExtension, row, Row } from './authorization-matrix';
import { createOrganisation } from '../support/factories';
import { insertBinome, insertCandidate, insertInterview, insertRoom, insertSession } from '../support/session-factories';

/**
 * The fixture session is organised by the "coordinator" caller's organisation; the "employer" caller's organisation
 * is in its binôme; the cohort holds the "counsellor" caller's organisation's draft profile, with a proposal.
 * Every other organisation is outside it and gets a 404 (roles that never take part get a 403).
 */
const SESSION_STAFF = row('login', 'hidden', 'ok', { employer: 'ok', counsellor: 'forbidden', counsellorOther: 'forbidden', admin: 'forbidden' });
const BINOME_ONLY = row('login', 'hidden', 'forbidden', { employer: 'ok', counsellor: 'forbidden', counsellorOther: 'forbidden' });
const PROPOSAL_FOLLOW_UP = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'hidden', admin: 'forbidden' });
const ORGANISER_ONLY = row('login', 'forbidden', 'ok', { admin: 'forbidden' });
/** The counsellors' list across sessions: partner staff, each seeing their organisation's profiles (another's: an empty list). */
const PARTNER_LIST = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'ok', admin: 'forbidden' });

const API = '/api/recruitment-sessions/:sessionId';
const COORDINATION = '/coordination/sessions/:sessionId';
const COUNSELLOR = '/conseil/sessions';

const organiserRoutes = (routes: string[]): Record<string, Row> => Object.fromEntries(routes.map((route) => [route, ORGANISER_ONLY]));

/** session-debriefs: who may call what (see authorization-matrix.ts). */
export const SESSION_DEBRIEFS_MATRIX: MatrixExtension = {
  routes: {
    [`GET ${API}/debrief`]: SESSION_STAFF,
    [`GET ${API}/debrief/interviews`]: SESSION_STAFF,
    [`PUT ${API}/debrief/interviews/:sessionInterviewId/outcome`]: SESSION_STAFF,
    [`PUT ${API}/debrief/interviews/:sessionInterviewId/assessment`]: BINOME_ONLY,
    [`GET ${API}/debrief/proposals`]: PROPOSAL_FOLLOW_UP,
    [`POST ${API}/debrief/proposals/:proposalId/accept`]: PROPOSAL_FOLLOW_UP,
    [`POST ${API}/debrief/proposals/:proposalId/decline`]: PROPOSAL_FOLLOW_UP,
    ...organiserRoutes([
      `POST ${API}/debrief/close`,
      `POST ${API}/debrief/reopen`,
      `GET ${API}/grand-oral`,
      `POST ${API}/grand-oral/order/generate`,
      `PUT ${API}/grand-oral/order`,
      `PUT ${API}/grand-oral/passages/:sessionCandidateId`,
      `PUT ${API}/grand-oral/attendance/:sessionParticipantId`,
      `PUT ${API}/grand-oral/notes`,
      `GET ${API}/statistics`,
      `GET ${COORDINATION}/debrief`,
      `POST ${COORDINATION}/debrief/propositions/:proposalId/accepter`,
      `POST ${COORDINATION}/debrief/propositions/:proposalId/decliner`,
      `POST ${COORDINATION}/debrief/entretiens/:sessionInterviewId/issue`,
      `POST ${COORDINATION}/debrief/cloture`,
      `POST ${COORDINATION}/debrief/reouverture`,
      `GET ${COORDINATION}/grand-oral`,
      `POST ${COORDINATION}/grand-oral/generer`,
      `POST ${COORDINATION}/grand-oral/passages/:sessionCandidateId/monter`,
      `POST ${COORDINATION}/grand-oral/passages/:sessionCandidateId/descendre`,
      `POST ${COORDINATION}/grand-oral/passages/:sessionCandidateId/note`,
      `POST ${COORDINATION}/grand-oral/presences/:sessionParticipantId`,
      `POST ${COORDINATION}/grand-oral/notes`,
      `GET ${COORDINATION}/statistiques`,
    ]),
    [`GET ${COUNSELLOR}`]: PARTNER_LIST,
    // The fixture's proposal (the counsellor's profile; the coordinator organises the session), as on the API.
    [`POST ${COUNSELLOR}/:sessionId/propositions/:proposalId/accepter`]: PROPOSAL_FOLLOW_UP,
    [`POST ${COUNSELLOR}/:sessionId/propositions/:proposalId/decliner`]: PROPOSAL_FOLLOW_UP,
    'GET /organisation/sessions/:sessionId/debrief': BINOME_ONLY,
    'POST /organisation/sessions/:sessionId/debrief/:sessionInterviewId': BINOME_ONLY,
    'POST /organisation/sessions/:sessionId/debrief/:sessionInterviewId/issue': BINOME_ONLY,
  },
  fixtures: async (ctx) => {
    const ds = ctx.ds;
    const partner = await createOrganisation(ds, { name: 'Binôme de la matrice' });
    const sessionId = await insertSession(ds, { programmeId: ctx.programmeId, organiserOrganisationId: ctx.coordinatorOrganisationId, title: 'Session de la matrice' });
    const roomId = await insertRoom(ds, sessionId, 'Salle matrice');
    const binomeId = await insertBinome(ds, sessionId, [ctx.employerOrganisationId, partner.id]);
    const sessionCandidateId = await insertCandidate(ds, sessionId, ctx.profileId);
    const interviewId = await insertInterview(ds, { sessionId, binomeId, sessionCandidateId, roomId, round: 0 });
    // The proposal comes from another binôme's interview, so that the "employer" caller's assessment (whose list
    // replaces its own proposals) never removes it. Advice on a draft profile: accepting it is refused (422)
    // without creating anything, whoever tries first.
    const others = [await createOrganisation(ds), await createOrganisation(ds)];
    const otherBinomeId = await insertBinome(ds, sessionId, [others[0].id, others[1].id]);
    const otherInterviewId = await insertInterview(ds, { sessionId, binomeId: otherBinomeId, sessionCandidateId, roomId, round: 1 });
    const [assessment] = await ds.query(`INSERT INTO session_assessments (interview_id, session_id, project_clarity, motivation, fit) VALUES ($1, $2, 3, 3, 3) RETURNING id`, [
      otherInterviewId,
      sessionId,
    ]);
    const [proposal] = await ds.query(`INSERT INTO session_proposals (assessment_id, session_id, kind, organisation_id) VALUES ($1, $2, 'advice', $3) RETURNING id`, [
      assessment.id,
      sessionId,
      others[0].id,
    ]);
    await ds.query(`INSERT INTO grand_oral_passages (session_candidate_id, session_id, position) VALUES ($1, $2, 1)`, [sessionCandidateId, sessionId]);
    const [participant] = await ds.query(`SELECT id FROM session_organisations WHERE session_id = $1 AND organisation_id = $2`, [sessionId, ctx.employerOrganisationId]);
    return { ':sessionId': sessionId, ':sessionInterviewId': interviewId, ':proposalId': proposal.id, ':sessionCandidateId': sessionCandidateId, ':sessionParticipantId': participant.id };
  },
  bodies: {
    [`PUT ${API}/debrief/interviews/:sessionInterviewId/outcome`]: { outcome: 'held' },
    [`PUT ${API}/debrief/interviews/:sessionInterviewId/assessment`]: { projectClarity: 3, motivation: 3, fit: 3, proposals: [] },
    [`POST ${API}/debrief/proposals/:proposalId/accept`]: { candidateAgreed: true, candidateAgreedOn: new Date().toISOString().slice(0, 10) },
    [`POST ${API}/debrief/proposals/:proposalId/decline`]: { reason: 'other' },
    [`PUT ${API}/grand-oral/order`]: { sessionCandidateIds: [] },
    [`PUT ${API}/grand-oral/passages/:sessionCandidateId`]: { note: 'Présentation claire.' },
    [`PUT ${API}/grand-oral/attendance/:sessionParticipantId`]: { present: true },
    [`PUT ${API}/grand-oral/notes`]: { notes: 'Bonne dynamique.' },
  },
};
