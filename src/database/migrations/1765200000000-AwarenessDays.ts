import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Awareness half-days (issue 7): a coordinator's organisation invites employers to a prison for a security
 * briefing and a visit. Employer organisations register named attendees; capacity counts confirmed attendees, the
 * rest wait in order of arrival (`arrival`). The attendees' identity (full name, date of birth, ID document) is
 * collected only for the prison's security clearance: every identity column is nullable and emptied together by
 * the sweep some days after the half-day, its cancellation or the attendee's cancellation, whichever comes first
 * (`identity_erased_at`); the ID document number is stored encrypted
 * (AES-256-GCM, see awareness-identity-cipher.ts). The attendee row stays, as « Participant n », for the figures
 * and the attendance.
 */
export class AwarenessDays1765200000000 implements MigrationInterface {
  name = 'AwarenessDays1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE awareness_days (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The coordinator's organisation: its coordinators run the half-day and alone read the identities.
        organiser_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        programme_id uuid NULL REFERENCES programmes(id) ON DELETE SET NULL,
        establishment_code varchar(80) COLLATE "C" NOT NULL REFERENCES establishments(code),
        title varchar(160) NOT NULL CHECK (char_length(title) BETWEEN 3 AND 160),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        -- Registrations and changes are refused from this instant on (cancellations are not).
        registration_closes_at timestamptz NOT NULL,
        programme_text varchar(4000) NULL,
        what_to_bring varchar(2000) NULL,
        forbidden_items varchar(2000) NULL,
        meeting_point varchar(1000) NULL,
        status varchar(16) NOT NULL DEFAULT 'published' CHECK (status IN ('published','cancelled')),
        cancelled_at timestamptz NULL,
        cancelled_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT awareness_days_hours CHECK (ends_at > starts_at),
        CONSTRAINT awareness_days_deadline CHECK (registration_closes_at <= starts_at),
        CONSTRAINT awareness_days_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX awareness_days_upcoming_idx ON awareness_days (status, starts_at)`);
    await q.query(`CREATE INDEX awareness_days_organiser_idx ON awareness_days (organiser_organisation_id, starts_at DESC)`);

    await q.query(`
      CREATE TABLE awareness_registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        awareness_day_id uuid NOT NULL REFERENCES awareness_days(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        -- The employer member who registered first: the e-mails about the registration go to them.
        registered_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        reminder_d7_at timestamptz NULL,
        reminder_d1_at timestamptz NULL,
        CONSTRAINT awareness_registrations_organisation_key UNIQUE (awareness_day_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX awareness_registrations_organisation_idx ON awareness_registrations (organisation_id)`);

    await q.query(`
      CREATE TABLE awareness_attendees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_id uuid NOT NULL REFERENCES awareness_registrations(id) ON DELETE CASCADE,
        -- Denormalised from the registration: capacity and waitlist are counted per half-day.
        awareness_day_id uuid NOT NULL REFERENCES awareness_days(id) ON DELETE CASCADE,
        -- Order of arrival, across organisations: the waitlist is served in this order.
        arrival bigint GENERATED ALWAYS AS IDENTITY,
        -- « Participant n » of its organisation, once the identity is erased.
        ordinal integer NOT NULL CHECK (ordinal >= 1),
        status varchar(16) NOT NULL CHECK (status IN ('confirmed','waitlisted','cancelled')),
        full_name varchar(160) NULL,
        birth_date date NULL,
        document_type varchar(32) NULL CHECK (document_type IN ('carte_identite','passeport','titre_sejour','permis_conduire')),
        -- AES-256-GCM: v1.<iv>.<tag>.<ciphertext>, base64url (awareness-identity-cipher.ts).
        document_number_enc text NULL,
        identity_erased_at timestamptz NULL,
        added_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        promoted_at timestamptz NULL,
        cancelled_at timestamptz NULL,
        cancelled_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        attendance varchar(8) NULL CHECK (attendance IN ('present','absent')),
        attendance_recorded_at timestamptz NULL,
        attendance_recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT awareness_attendees_ordinal_key UNIQUE (registration_id, ordinal),
        -- The identity is complete until erased, and erased all at once.
        CONSTRAINT awareness_attendees_identity CHECK (
          (identity_erased_at IS NULL AND full_name IS NOT NULL AND birth_date IS NOT NULL AND document_type IS NOT NULL AND document_number_enc IS NOT NULL)
          OR (identity_erased_at IS NOT NULL AND full_name IS NULL AND birth_date IS NULL AND document_type IS NULL AND document_number_enc IS NULL)),
        CONSTRAINT awareness_attendees_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX awareness_attendees_day_idx ON awareness_attendees (awareness_day_id, status, arrival)`);
    await q.query(`CREATE INDEX awareness_attendees_registration_idx ON awareness_attendees (registration_id, ordinal)`);
    // The erasure sweep only looks at attendees still holding an identity.
    await q.query(`CREATE INDEX awareness_attendees_identity_idx ON awareness_attendees (awareness_day_id) WHERE identity_erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE awareness_attendees`);
    await q.query(`DROP TABLE awareness_registrations`);
    await q.query(`DROP TABLE awareness_days`);
  }
}
