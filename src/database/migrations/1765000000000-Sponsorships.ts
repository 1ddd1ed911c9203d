import { MigrationInterface, QueryRunner } from 'typeorm';

const END_REASONS = `'completed','goal_reached','candidate_withdrew','sponsor_unavailable','lost_contact','release_postponed','other'`;
const CHANNELS = `'phone','visit','video','message','workplace','other'`;

/**
 * Sponsorships (parrainages, issue 6): a member of an employer organisation follows a candidate for months. The
 * counsellor of the partner organisation owning the profile engages it with the candidate's recorded agreement;
 * four check-ins (D+7, M+1, M+3, M+6 from the start) are created with it, and the sponsor is reminded of each
 * one when it falls due.
 *
 * Erasing a profile erases its sponsorships and their check-ins (ON DELETE CASCADE): the audit trail keeps the
 * ids. Every reference to a user is ON DELETE SET NULL, as elsewhere: removing a member keeps the history. The
 * introduction a sponsorship came from is optional and outlives nothing (ON DELETE SET NULL).
 */
export class Sponsorships1765000000000 implements MigrationInterface {
  name = 'Sponsorships1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sponsorships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile_id uuid NOT NULL REFERENCES candidate_profiles(id) ON DELETE CASCADE,
        -- The sponsor's employer organisation when the sponsorship was engaged: it stays the organisation's.
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        sponsor_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        introduction_id uuid NULL REFERENCES introductions(id) ON DELETE SET NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        candidate_agreed_on date NOT NULL,
        candidate_agreement_recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        candidate_agreement_recorded_at timestamptz NOT NULL,
        starts_on date NOT NULL,
        planned_end_on date NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('active','paused','ended')),
        paused_at timestamptz NULL,
        ended_on date NULL,
        end_reason varchar(32) NULL CHECK (end_reason IN (${END_REASONS})),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sponsorships_planned_end CHECK (planned_end_on > starts_on),
        CONSTRAINT sponsorships_paused CHECK ((status = 'paused') = (paused_at IS NOT NULL)),
        CONSTRAINT sponsorships_ended_on CHECK ((status = 'ended') = (ended_on IS NOT NULL)),
        CONSTRAINT sponsorships_end_reason CHECK ((status = 'ended') = (end_reason IS NOT NULL))
      )`);
    // One sponsorship under way per person, whatever the race between two counsellors.
    await q.query(`CREATE UNIQUE INDEX sponsorships_ongoing_profile_key ON sponsorships (profile_id) WHERE status IN ('active','paused')`);
    // A sponsor's cap counts their sponsorships under way; an employer member's list is theirs.
    await q.query(`CREATE INDEX sponsorships_sponsor_idx ON sponsorships (sponsor_user_id, status)`);
    // An organisation's list and its retention figures.
    await q.query(`CREATE INDEX sponsorships_organisation_idx ON sponsorships (organisation_id, starts_on DESC)`);
    // Erasing a profile deletes its sponsorships: the cascade looks them up by profile.
    await q.query(`CREATE INDEX sponsorships_profile_idx ON sponsorships (profile_id)`);
    await q.query(`CREATE INDEX sponsorships_introduction_idx ON sponsorships (introduction_id) WHERE introduction_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE sponsorship_check_ins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sponsorship_id uuid NOT NULL REFERENCES sponsorships(id) ON DELETE CASCADE,
        milestone varchar(4) NOT NULL CHECK (milestone IN ('d7','m1','m3','m6')),
        due_on date NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','done','cancelled')),
        held_on date NULL,
        channel varchar(16) NULL CHECK (channel IN (${CHANNELS})),
        -- Internal: never in an e-mail, a log or the audit trail; checked by the PII guard before it is written.
        note text NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
        next_step text NULL CHECK (char_length(next_step) BETWEEN 1 AND 500),
        recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        recorded_at timestamptz NULL,
        -- At most one of the two: the sponsor was reminded, or the reminder was skipped (due before the sponsorship
        -- was recorded, or while it was paused).
        reminder_sent_at timestamptz NULL,
        reminder_skipped_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sponsorship_check_ins_milestone_key UNIQUE (sponsorship_id, milestone),
        CONSTRAINT sponsorship_check_ins_done CHECK ((status = 'done') = (held_on IS NOT NULL AND channel IS NOT NULL AND recorded_at IS NOT NULL)),
        CONSTRAINT sponsorship_check_ins_reminder CHECK (reminder_sent_at IS NULL OR reminder_skipped_at IS NULL)
      )`);
    // The reminder sweep reads the scheduled check-ins not yet reminded, by due date.
    await q.query(
      `CREATE INDEX sponsorship_check_ins_due_idx ON sponsorship_check_ins (due_on, id) WHERE status = 'scheduled' AND reminder_sent_at IS NULL AND reminder_skipped_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sponsorship_check_ins`);
    await q.query(`DROP TABLE sponsorships`);
  }
}
