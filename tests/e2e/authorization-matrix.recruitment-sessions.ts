import { MatrixExtension, row } from './authorization-matrix';

/** Listing sessions: coordinators (their organisation's) and admins (all); members of active employer organisations (theirs). */
const LIST = row('login', 'forbidden', 'ok', { employer: 'ok', employerOther: 'ok' });
/** Creating a session: coordinators only (a session belongs to the coordinator's organisation). */
const CREATE = row('login', 'forbidden', 'forbidden', { coordinator: 'ok' });
/** Planning a session: the organiser organisation's coordinators and admins; the other callers are refused by role. */
const PLANNER = row('login', 'forbidden', 'ok');
/** The sessions an active employer organisation takes part in. */
const EMPLOYER_LIST = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' });
/** One session, employer side: the participating organisation ("employer"); another organisation does not learn it exists. */
const EMPLOYER_SESSION = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' });

const ID = '/api/recruitment-sessions/:id';
const PAGE = '/coordination/sessions/:id';

/** recruitment-sessions: who may call what (see authorization-matrix.ts). */
export const RECRUITMENT_SESSIONS_MATRIX: MatrixExtension = {
  routes: {
    'GET /api/recruitment-sessions': LIST,
    'POST /api/recruitment-sessions': CREATE,
    [`GET ${ID}`]: PLANNER,
    [`PATCH ${ID}`]: PLANNER,
    [`POST ${ID}/status`]: PLANNER,
    [`POST ${ID}/candidates`]: PLANNER,
    [`DELETE ${ID}/candidates/:candidateId`]: PLANNER,
    [`POST ${ID}/organisations`]: PLANNER,
    [`PUT ${ID}/organisations/:participantId`]: PLANNER,
    [`DELETE ${ID}/organisations/:participantId`]: PLANNER,
    [`POST ${ID}/rooms`]: PLANNER,
    [`PATCH ${ID}/rooms/:roomId`]: PLANNER,
    [`DELETE ${ID}/rooms/:roomId`]: PLANNER,
    [`POST ${ID}/binomes/suggest`]: PLANNER,
    [`POST ${ID}/binomes`]: PLANNER,
    [`DELETE ${ID}/binomes/:binomeId`]: PLANNER,
    [`POST ${ID}/schedule/generate`]: PLANNER,
    [`POST ${ID}/interviews/:interviewId/move`]: PLANNER,
    [`POST ${ID}/schedule/send`]: PLANNER,
    [`GET ${ID}/my-schedule`]: EMPLOYER_SESSION,

    'GET /coordination/sessions': PLANNER,
    'POST /coordination/sessions': CREATE,
    [`GET ${PAGE}`]: PLANNER,
    [`POST ${PAGE}/details`]: PLANNER,
    [`POST ${PAGE}/statut`]: PLANNER,
    [`POST ${PAGE}/cohorte`]: PLANNER,
    [`POST ${PAGE}/cohorte/:candidateId/retirer`]: PLANNER,
    [`POST ${PAGE}/organisations`]: PLANNER,
    [`POST ${PAGE}/organisations/:participantId/horaires`]: PLANNER,
    [`POST ${PAGE}/organisations/:participantId/retirer`]: PLANNER,
    [`POST ${PAGE}/salles`]: PLANNER,
    [`POST ${PAGE}/salles/:roomId/renommer`]: PLANNER,
    [`POST ${PAGE}/salles/:roomId/retirer`]: PLANNER,
    [`POST ${PAGE}/binomes/suggerer`]: PLANNER,
    [`POST ${PAGE}/binomes`]: PLANNER,
    [`POST ${PAGE}/binomes/:binomeId/dissoudre`]: PLANNER,
    [`POST ${PAGE}/planning/generer`]: PLANNER,
    [`POST ${PAGE}/planning/deplacer`]: PLANNER,
    [`POST ${PAGE}/planning/envoyer`]: PLANNER,
    [`GET ${PAGE}/impression/organisations`]: PLANNER,
    [`GET ${PAGE}/impression/candidats`]: PLANNER,

    'GET /organisation/sessions': EMPLOYER_LIST,
    'GET /organisation/sessions/:id': EMPLOYER_SESSION,
  },
  // The debrief, Grand Oral and statistics routes under the same roots belong to session-debriefs, which names its own session.
  objects: [{ pattern: /^\/(api\/recruitment-sessions|coordination\/sessions|organisation\/sessions)\/:id(?!\/(debrief|grand-oral|statistiques|statistics))/, param: ':recruitmentSession' }],
  /**
   * A session of the "coordinator" caller's organisation in the matrix programme, with the "employer" caller's
   * organisation taking part (paired with another), a room, a cohort member and one interview. Removals are
   * idempotent, so calling them in any order leaves the other routes their objects; `:participantId` is the
   * other organisation, so that removing it never takes the "employer" caller out of the session.
   */
  fixtures: async ({ ds, coordinatorOrganisationId, employerOrganisationId, programmeId, profileId }) => {
    const [session] = await ds.query(
      `INSERT INTO recruitment_sessions (programme_id, organiser_organisation_id, establishment_code, title, interview_on, day_starts_at, day_ends_at, slot_minutes, break_minutes, schedule_sent_at)
       VALUES ($1, $2, 'CP POITIERS VIVONNE', 'Session de la matrice', current_date + 30, '09:00', '12:00', 30, 10, now()) RETURNING id`,
      [programmeId, coordinatorOrganisationId],
    );
    const [partner] = await ds.query(`INSERT INTO organisations (name, kind, status) VALUES ('Intérim de la matrice', 'temp_agency', 'active') RETURNING id`);
    const [mine] = await ds.query(`INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until) VALUES ($1, $2, '09:00', '12:00') RETURNING id`, [
      session.id,
      employerOrganisationId,
    ]);
    const [other] = await ds.query(`INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until) VALUES ($1, $2, '09:00', '12:00') RETURNING id`, [
      session.id,
      partner.id,
    ]);
    const [binome] = await ds.query(`INSERT INTO session_binomes (session_id, locked) VALUES ($1, true) RETURNING id`, [session.id]);
    await ds.query(`INSERT INTO session_binome_members (binome_id, participant_id) VALUES ($1, $2), ($1, $3)`, [binome.id, mine.id, other.id]);
    const [room] = await ds.query(`INSERT INTO session_rooms (session_id, name) VALUES ($1, 'Salle de la matrice') RETURNING id`, [session.id]);
    const [candidate] = await ds.query(`INSERT INTO session_candidates (session_id, profile_id) VALUES ($1, $2) RETURNING id`, [session.id, profileId]);
    const [interview] = await ds.query(`INSERT INTO session_interviews (session_id, binome_id, session_candidate_id, room_id, round) VALUES ($1, $2, $3, $4, 0) RETURNING id`, [
      session.id,
      binome.id,
      candidate.id,
      room.id,
    ]);
    return {
      ':recruitmentSession': session.id,
      ':candidateId': candidate.id,
      ':participantId': other.id,
      ':roomId': room.id,
      ':binomeId': binome.id,
      ':interviewId': interview.id,
    };
  },
};
