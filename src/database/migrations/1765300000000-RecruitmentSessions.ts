import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'planning','scheduled','held','cancelled'`;

/**
 * Recruitment sessions (issue 7): a programme's cohort of candidates meets employer organisations paired in
 * binômes at an establishment. A coordinator sets the session up (dates, cohort, organisations and their hours on
 * the interview day, rooms, slot length and break); the binômes are suggested and may be overridden; the interview
 * schedule places each candidate before at least `meetings_per_candidate` distinct binômes, one interview per
 * candidate, binôme and room per round.
 *
 * The schedule's hard rules are also constraints here, so that no race between two coordinators can double-book
 * anyone. They are DEFERRABLE so that a hand move swapping two interviews commits as one change. Erasing a profile
 * removes it from every cohort and its interviews (ON DELETE CASCADE); the audit trail keeps ids.
 */
export class RecruitmentSessions1765300000000 implements MigrationInterface {
  name = 'RecruitmentSessions1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recruitment_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE RESTRICT,
        -- The coordinator's organisation: its coordinators run the session.
        organiser_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        establishment_code varchar(80) COLLATE "C" NOT NULL REFERENCES establishments(code),
        title varchar(160) NOT NULL CHECK (char_length(title) BETWEEN 3 AND 160),
        coaching_on date NULL,
        interview_on date NOT NULL,
        grand_oral_on date NULL,
        -- The interview day, in France's local time: rounds of slot_minutes separated by break_minutes.
        day_starts_at time NOT NULL,
        day_ends_at time NOT NULL,
        slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 10 AND 180),
        break_minutes integer NOT NULL DEFAULT 0 CHECK (break_minutes BETWEEN 0 AND 120),
        meetings_per_candidate integer NOT NULL DEFAULT 3 CHECK (meetings_per_candidate BETWEEN 1 AND 12),
        status varchar(16) NOT NULL DEFAULT 'planning' CHECK (status IN (${STATUSES})),
        -- When the schedule was last sent to the organisations (null: never).
        schedule_sent_at timestamptz NULL,
        -- When the interviews last changed (generated, moved, removed): the planner tells whether the organisations
        -- hold an outdated schedule.
        schedule_changed_at timestamptz NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recruitment_sessions_day CHECK (day_ends_at > day_starts_at),
        CONSTRAINT recruitment_sessions_coaching CHECK (coaching_on IS NULL OR coaching_on <= interview_on),
        CONSTRAINT recruitment_sessions_grand_oral CHECK (grand_oral_on IS NULL OR grand_oral_on >= interview_on)
      )`);
    await q.query(`CREATE INDEX recruitment_sessions_organiser_idx ON recruitment_sessions (organiser_organisation_id, interview_on DESC)`);
    await q.query(`CREATE INDEX recruitment_sessions_programme_idx ON recruitment_sessions (programme_id, interview_on DESC)`);

    // The cohort: profiles of the programme's partner organisations.
    await q.query(`
      CREATE TABLE session_candidates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        profile_id uuid NOT NULL REFERENCES candidate_profiles(id) ON DELETE CASCADE,
        added_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_candidates_profile_key UNIQUE (session_id, profile_id)
      )`);
    await q.query(`CREATE INDEX session_candidates_profile_idx ON session_candidates (profile_id)`);

    // Participating organisations and their hours on the interview day.
    await q.query(`
      CREATE TABLE session_organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        available_from time NOT NULL,
        available_until time NOT NULL,
        -- Schedule e-mails: when the last one was queued and how many were, so that the e-mail says whether it
        -- replaces an earlier schedule.
        schedule_sent_at timestamptz NULL,
        schedule_send_count integer NOT NULL DEFAULT 0 CHECK (schedule_send_count >= 0),
        added_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_organisations_key UNIQUE (session_id, organisation_id),
        CONSTRAINT session_organisations_hours CHECK (available_until > available_from)
      )`);
    await q.query(`CREATE INDEX session_organisations_organisation_idx ON session_organisations (organisation_id)`);

    await q.query(`
      CREATE TABLE session_rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        name varchar(80) NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX session_rooms_name_key ON session_rooms (session_id, lower(name))`);

    // A binôme: two participating organisations interviewing together. Membership is its own table so that the
    // database itself keeps an organisation in at most one binôme of a session.
    await q.query(`
      CREATE TABLE session_binomes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        -- Set by hand by the coordinator: a new suggestion keeps it.
        locked boolean NOT NULL DEFAULT false,
        -- Why the suggestion paired them, in French (empty when formed by hand).
        reasons text[] NOT NULL DEFAULT '{}',
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX session_binomes_session_idx ON session_binomes (session_id)`);
    await q.query(`
      CREATE TABLE session_binome_members (
        binome_id uuid NOT NULL REFERENCES session_binomes(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES session_organisations(id) ON DELETE CASCADE,
        PRIMARY KEY (binome_id, participant_id),
        CONSTRAINT session_binome_members_participant_key UNIQUE (participant_id)
      )`);

    await q.query(`
      CREATE TABLE session_interviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES recruitment_sessions(id) ON DELETE CASCADE,
        binome_id uuid NOT NULL REFERENCES session_binomes(id) ON DELETE CASCADE,
        session_candidate_id uuid NOT NULL REFERENCES session_candidates(id) ON DELETE CASCADE,
        room_id uuid NOT NULL REFERENCES session_rooms(id) ON DELETE CASCADE,
        round integer NOT NULL CHECK (round >= 0),
        -- The relevance the generator saw for this candidate and binôme, in [0, 1].
        relevance real NOT NULL DEFAULT 0 CHECK (relevance BETWEEN 0 AND 1),
        -- Moved or placed by hand after generation.
        manual boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_interviews_binome_round_key UNIQUE (binome_id, round) DEFERRABLE INITIALLY IMMEDIATE,
        CONSTRAINT session_interviews_candidate_round_key UNIQUE (session_candidate_id, round) DEFERRABLE INITIALLY IMMEDIATE,
        CONSTRAINT session_interviews_room_round_key UNIQUE (room_id, round) DEFERRABLE INITIALLY IMMEDIATE,
        CONSTRAINT session_interviews_meeting_key UNIQUE (binome_id, session_candidate_id) DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`CREATE INDEX session_interviews_session_idx ON session_interviews (session_id, round)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_interviews`);
    await q.query(`DROP TABLE session_binome_members`);
    await q.query(`DROP TABLE session_binomes`);
    await q.query(`DROP TABLE session_rooms`);
    await q.query(`DROP TABLE session_organisations`);
    await q.query(`DROP TABLE session_candidates`);
    await q.query(`DROP TABLE recruitment_sessions`);
  }
}
