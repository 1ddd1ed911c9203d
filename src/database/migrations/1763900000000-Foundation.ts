import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(160) NOT NULL,
        kind varchar(32) NOT NULL CHECK (kind IN ('company','temp_agency','training_body','insertion_structure','mission_locale','spip','prison','france_travail')),
        status varchar(16) NOT NULL CHECK (status IN ('pending','active','refused','suspended')),
        siret char(14) NULL CHECK (siret ~ '^[0-9]{14}$'),
        review_reason text NULL,
        reviewed_by uuid NULL,
        reviewed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_siret_key ON organisations (siret) WHERE siret IS NOT NULL`);
    await q.query(`CREATE INDEX organisations_status_created_idx ON organisations (status, created_at)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name varchar(120) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin','coordinator','counsellor','employer')),
        organisation_id uuid NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        email_verified_at timestamptz NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_member_has_organisation CHECK (role = 'admin' OR organisation_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await q.query(`CREATE INDEX users_organisation_idx ON users (organisation_id)`);
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES users(id) ON DELETE SET NULL`);

    await q.query(`
      CREATE TABLE outbox_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_name varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz NULL,
        dispatch_attempts int NOT NULL DEFAULT 0,
        last_error text NULL
      )`);
    // The relay only ever scans undispatched rows: keep that scan tiny.
    await q.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (available_at, id) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE email_deliveries (
        outbox_id bigint PRIMARY KEY REFERENCES outbox_messages(id) ON DELETE CASCADE,
        template varchar(64) NOT NULL,
        recipient_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        status varchar(16) NOT NULL CHECK (status IN ('sending','sent','failed','skipped')),
        message_id varchar(200) NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        sent_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_deliveries_status_idx ON email_deliveries (status, updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_deliveries`);
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_reviewed_by_fkey`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organisations`);
  }
}
