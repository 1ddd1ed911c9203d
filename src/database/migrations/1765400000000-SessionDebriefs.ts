import { MigrationInterface, QueryRunner } from 'typeorm';

const PROPOSAL_KINDS = `'sponsorship','advice','introduction','job','training','immersion','job_promise'`;

/**
 * Debriefs and Grand Oral of recruitment sessions (issue 7), built on the tables of 1765300000000-RecruitmentSessions.
 *
 * - `session_interview_outcomes`: whether a scheduled interview was held or the candidate did not come. Its own
 *   table keyed by the interview, since the interviews belong to the planner (rescheduling deletes them, and their
 *   outcome and assessment with them).
 * - `session_assessments`: one per interview, agreed by the binôme: three marks from 1 to 4 and a short comment
 *   (checked by the PII guard before it is stored). `session_proposals`: the solutions the binôme offers, one per
 *   kind and organisation of the binôme, followed up by the coordinator or the profile's counsellor once the
 *   candidate has been asked; an accepted one links the introduction or sponsorship it became (SET NULL: erasing
 *   those keeps the debrief's figures). Accepting one is claimed first (`accepting_at`, `accepting_by`), so that a
 *   decline cannot slip in while the introduction or sponsorship is being created.
 * - `session_debriefs`: one row per session once something is recorded: the debrief's closing (assessments are
 *   editable until then) and the Grand Oral's general notes.
 * - `grand_oral_passages`: the order of passage of the cohort, with a note per passage; `grand_oral_attendance`:
 *   which participating organisations came.
 * The session ids repeated on child rows let the statistics and the access checks read one session's rows by index.
 */
export class SessionDebriefs1765400000000 implements MigrationInterface {
  name = 'SessionDebriefs1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_interview_outcomes (
        interview_id uuid PRIMARY KEY REFERENCES session_interviews(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('held','no_show')),
        recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX session_interview_outcomes_session_idx ON session_interview_outcomes (session_id)`);

    await q.query(`
      CREATE TABLE session_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interview_id uuid NOT NULL REFERENCES session_interviews(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        project_clarity smallint NOT NULL CHECK (project_clarity BETWEEN 1 AND 4),
        motivation smallint NOT NULL CHECK (motivation BETWEEN 1 AND 4),
        fit smallint NOT NULL CHECK (fit BETWEEN 1 AND 4),
        comment varchar(1000) NULL CHECK (char_length(comment) BETWEEN 1 AND 1000),
        written_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_assessments_interview_key UNIQUE (interview_id)
      )`);
    await q.query(`CREATE INDEX session_assessments_session_idx ON session_assessments (session_id)`);

    await q.query(`
      CREATE TABLE session_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES session_assessments(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN (${PROPOSAL_KINDS})),
        -- The organisation of the binôme that offers it.
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        detail varchar(300) NULL CHECK (char_length(detail) BETWEEN 1 AND 300),
        contract_type varchar(16) NULL CHECK (contract_type IN ('cdi','cdd','cddi','interim','apprenticeship','professionalisation')),
        -- For a sponsorship: the member of the organisation who would sponsor.
        sponsor_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','declined')),
        decided_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz NULL,
        decline_reason varchar(32) NULL CHECK (decline_reason IN ('candidate_declined','not_relevant','other')),
        candidate_agreed_on date NULL,
        candidate_agreement_recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        introduction_id uuid NULL REFERENCES introductions(id) ON DELETE SET NULL,
        sponsorship_id uuid NULL REFERENCES sponsorships(id) ON DELETE SET NULL,
        -- An acceptance under way: set under the row lock before the introduction or sponsorship is created (in
        -- its own service's transaction), cleared when it is linked or when creating it failed. While it is set
        -- (and not stale), neither a decline nor a second acceptance may pass.
        accepting_at timestamptz NULL,
        accepting_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_proposals_kind_key UNIQUE (assessment_id, kind, organisation_id),
        CONSTRAINT session_proposals_contract CHECK (contract_type IS NULL OR kind IN ('job','job_promise')),
        CONSTRAINT session_proposals_decided CHECK ((status = 'pending') = (decided_at IS NULL)),
        CONSTRAINT session_proposals_accepted CHECK (status <> 'accepted' OR candidate_agreed_on IS NOT NULL),
        CONSTRAINT session_proposals_declined CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
        CONSTRAINT session_proposals_claim CHECK (accepting_at IS NULL OR status = 'pending')
      )`);
    await q.query(`CREATE INDEX session_proposals_session_idx ON session_proposals (session_id, status)`);

    await q.query(`
      CREATE TABLE session_debriefs (
        session_id uuid PRIMARY KEY REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        closed_at timestamptz NULL,
        closed_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        grand_oral_notes varchar(4000) NULL CHECK (char_length(grand_oral_notes) BETWEEN 1 AND 4000),
        updated_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE grand_oral_passages (
        session_candidate_id uuid PRIMARY KEY REFERENCES session_candidates(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        note varchar(1000) NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
        updated_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT grand_oral_passages_position_key UNIQUE (session_id, position)
      )`);

    await q.query(`
      CREATE TABLE grand_oral_attendance (
        participant_id uuid PRIMARY KEY REFERENCES session_organisations(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        present boolean NOT NULL,
        recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grand_oral_attendance_session_idx ON grand_oral_attendance (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grand_oral_attendance`);
    await q.query(`DROP TABLE grand_oral_passages`);
    await q.query(`DROP TABLE session_debriefs`);
    await q.query(`DROP TABLE session_proposals`);
    await q.query(`DROP TABLE session_assessments`);
    await q.query(`DROP TABLE session_interview_outcomes`);
  }
}
