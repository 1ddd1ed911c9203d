import { MigrationInterface, QueryRunner } from 'typeorm';

/** Statuses in which an introduction is still under way: at most one such per organisation and profile. */
const OPEN = `('requested','proposed','accepted','introduced','meeting_planned')`;
/** Both sides' decline reasons (the lists each side chooses from are the service's). */
const DECLINE_REASONS = `'candidate_declined','candidate_unavailable','project_mismatch','other_solution','release_changed','no_position','profile_mismatch','timing_mismatch','other'`;
const NO_FOLLOW_UP_REASONS = `'candidate_withdrew','employer_withdrew','not_retained','meeting_missed','release_changed','other'`;

/**
 * Introductions (mises en relation, issue 6): an employer organisation asks to meet a published profile, or a
 * counsellor proposes one to it; the partner organisation owning the profile answers for the candidate, with
 * their recorded agreement. Each step is a row of `introduction_events` (the history both sides read).
 *
 * Erasing a profile erases its introductions and their history (ON DELETE CASCADE): the audit trail keeps the
 * ids. Every reference to a user is ON DELETE SET NULL, as elsewhere: removing a member keeps the history.
 * Free text (the employer's message, notes) stays on these rows and never reaches the audit trail.
 */
export class Introductions1764800000000 implements MigrationInterface {
  name = 'Introductions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE introductions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile_id uuid NOT NULL REFERENCES candidate_profiles(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        partner_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        need_id uuid NULL REFERENCES employer_needs(id) ON DELETE SET NULL,
        initiator varchar(16) NOT NULL CHECK (initiator IN ('employer','partner')),
        solution varchar(32) NOT NULL
          CHECK (solution IN ('job','apprenticeship','training_place','immersion','sponsorship','mock_interview','company_visit')),
        message text NULL CHECK (char_length(message) BETWEEN 1 AND 2000),
        availability text NULL CHECK (char_length(availability) BETWEEN 1 AND 500),
        proposal_message text NULL CHECK (char_length(proposal_message) BETWEEN 1 AND 1000),
        status varchar(16) NOT NULL
          CHECK (status IN ('requested','proposed','accepted','introduced','meeting_planned','concluded','declined','withdrawn','expired')),
        employer_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        counsellor_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        candidate_agreed_on date NULL,
        candidate_agreement_recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        candidate_agreement_recorded_at timestamptz NULL,
        decline_reason varchar(32) NULL CHECK (decline_reason IN (${DECLINE_REASONS})),
        meeting_on date NULL,
        outcome varchar(32) NULL
          CHECK (outcome IN ('hired','training','apprenticeship','immersion','sponsorship_started','no_follow_up')),
        outcome_contract_type varchar(32) NULL CHECK (outcome_contract_type IN ('cdi','cdd','cddi','interim','professionalisation')),
        outcome_reason varchar(32) NULL CHECK (outcome_reason IN (${NO_FOLLOW_UP_REASONS})),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        reminded_3d_at timestamptz NULL,
        reminded_7d_at timestamptz NULL,
        CONSTRAINT introductions_distinct_organisations CHECK (organisation_id <> partner_organisation_id),
        -- Nobody is introduced without the candidate's recorded agreement.
        CONSTRAINT introductions_agreement CHECK (
          status IN ('requested','declined','withdrawn','expired')
          OR (candidate_agreed_on IS NOT NULL AND candidate_agreement_recorded_at IS NOT NULL)
        ),
        CONSTRAINT introductions_agreement_complete CHECK ((candidate_agreed_on IS NULL) = (candidate_agreement_recorded_at IS NULL)),
        CONSTRAINT introductions_declined CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
        CONSTRAINT introductions_meeting CHECK (status <> 'meeting_planned' OR meeting_on IS NOT NULL),
        CONSTRAINT introductions_outcome CHECK ((status = 'concluded') = (outcome IS NOT NULL)),
        CONSTRAINT introductions_hired CHECK ((outcome = 'hired') = (outcome_contract_type IS NOT NULL)),
        CONSTRAINT introductions_no_follow_up CHECK ((outcome = 'no_follow_up') = (outcome_reason IS NOT NULL)),
        CONSTRAINT introductions_request_message CHECK (initiator <> 'employer' OR message IS NOT NULL)
      )`);
    // Refuses a second introduction under way between the same organisation and profile, whatever the race.
    await q.query(`CREATE UNIQUE INDEX introductions_open_key ON introductions (organisation_id, profile_id) WHERE status IN ${OPEN}`);
    // An employer's list and its fair-share count (open ones), and its monthly cap (created this month).
    await q.query(`CREATE INDEX introductions_organisation_idx ON introductions (organisation_id, created_at DESC)`);
    // A partner organisation's inbox.
    await q.query(`CREATE INDEX introductions_partner_idx ON introductions (partner_organisation_id, updated_at DESC)`);
    // The sweep reads the introductions waiting for an answer by age.
    await q.query(`CREATE INDEX introductions_waiting_idx ON introductions (status_changed_at, id) WHERE status IN ('requested','proposed')`);
    // Erasing a profile deletes its introductions: the cascade looks them up by profile.
    await q.query(`CREATE INDEX introductions_profile_idx ON introductions (profile_id)`);

    await q.query(`
      CREATE TABLE introduction_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        introduction_id uuid NOT NULL REFERENCES introductions(id) ON DELETE CASCADE,
        from_status varchar(16) NULL,
        to_status varchar(16) NOT NULL,
        actor_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        actor_side varchar(16) NOT NULL CHECK (actor_side IN ('employer','partner','system')),
        -- Enum codes only (a decline reason, a reason for no follow-up, 'no_answer'): free text goes in the note.
        occurred_at timestamptz NOT NULL DEFAULT now(),
        reason_code varchar(32) NULL,
        meeting_on date NULL,
        outcome varchar(32) NULL,
        contract_type varchar(32) NULL,
        note text NULL CHECK (char_length(note) BETWEEN 1 AND 1000)
      )`);
    await q.query(`CREATE INDEX introduction_events_introduction_idx ON introduction_events (introduction_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE introduction_events`);
    await q.query(`DROP TABLE introductions`);
  }
}
