import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions move from Redis to PostgreSQL (issue 6): a request must be served while Redis, which only carries
 * queues and throttling counters, is away — the outbox holds the e-mails until it is back. Only a digest of the
 * cookie value is stored. Deleting a user ends its sessions (cascade).
 */
export class Sessions1765100000000 implements MigrationInterface {
  name = 'Sessions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
  }
}
