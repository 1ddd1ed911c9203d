import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6, e-mail reliability: bounced and suppressed deliveries, the suppression list, when the queue will try
 * again, and users' choice to receive non-essential notifications.
 */
export class EmailReliability1764900000000 implements MigrationInterface {
  name = 'EmailReliability1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_status_check`);
    await q.query(`
      ALTER TABLE email_deliveries
        ADD CONSTRAINT email_deliveries_status_check CHECK (status IN ('queued','sending','sent','failed','bounced','suppressed','skipped')),
        ADD COLUMN smtp_code smallint NULL CHECK (smtp_code BETWEEN 200 AND 599),
        ADD COLUMN next_attempt_at timestamptz NULL`);

    // One active row per address (lower case, as users.email); lifted rows stay as the history of decisions.
    await q.query(`
      CREATE TABLE email_suppressions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email varchar(254) NOT NULL CHECK (email = lower(email)),
        reason varchar(32) NOT NULL CHECK (reason IN ('bad_recipient')),
        smtp_code smallint NULL CHECK (smtp_code BETWEEN 200 AND 599),
        smtp_response text NULL,
        outbox_id bigint NULL REFERENCES outbox_messages(id) ON DELETE SET NULL,
        -- An address is personal data: it goes with the account it was suppressed for.
        recipient_user_id uuid NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NULL,
        lifted_at timestamptz NULL,
        lifted_by uuid NULL REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX email_suppressions_active_key ON email_suppressions (email) WHERE lifted_at IS NULL`);
    await q.query(`CREATE INDEX email_suppressions_recipient_idx ON email_suppressions (recipient_user_id)`);

    await q.query(`ALTER TABLE users ADD COLUMN email_non_essential boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN email_non_essential`);
    await q.query(`DROP TABLE email_suppressions`);
    await q.query(`UPDATE email_deliveries SET status = 'failed' WHERE status IN ('queued','bounced','suppressed')`);
    await q.query(`
      ALTER TABLE email_deliveries
        DROP COLUMN next_attempt_at,
        DROP COLUMN smtp_code,
        DROP CONSTRAINT email_deliveries_status_check,
        ADD CONSTRAINT email_deliveries_status_check CHECK (status IN ('sending','sent','failed','skipped'))`);
  }
}
