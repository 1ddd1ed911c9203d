import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Append-only audit trail (DESIGN §2: every employer read of a profile, every staff change, every consent
 * change). The application connects with a single role that also owns the table, and privileges never bind
 * a table's owner, so append-only is enforced by triggers that fire for every role, superusers included;
 * the REVOKE keeps any other role from even trying. actor_user_id has no foreign key on purpose: erasing a
 * user must not erase or rewrite what they did.
 */
export class AuditTrail1764300000000 implements MigrationInterface {
  name = 'AuditTrail1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid NULL,
        action varchar(64) NOT NULL CONSTRAINT audit_events_action_format CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        subject_type varchar(32) NOT NULL CHECK (subject_type <> ''),
        subject_id varchar(64) NOT NULL CHECK (subject_id <> ''),
        details jsonb NOT NULL DEFAULT '{}' CONSTRAINT audit_events_details_object CHECK (jsonb_typeof(details) = 'object'),
        correlation_id varchar(64) NULL
      )`);
    // The history of one subject, newest first.
    await q.query(`CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, occurred_at DESC)`);
    // What one person did (access reviews, erasure requests).
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, occurred_at DESC)`);

    await q.query(`
      CREATE FUNCTION audit_events_reject_change() RETURNS trigger
        LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_no_truncate ON audit_events`);
    await q.query(`DROP TRIGGER audit_events_no_update_or_delete ON audit_events`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_reject_change()`);
  }
}
