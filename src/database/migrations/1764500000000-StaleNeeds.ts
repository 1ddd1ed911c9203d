import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stale needs: a published need nobody updates is first announced to its organisation, then unpublished
 * back to draft. `stale_warning_sent_at` makes the warning once-only (an update clears it);
 * `unpublished_at`/`unpublished_reason` tell the employer why a need they published is a draft again.
 */
export class StaleNeeds1764500000000 implements MigrationInterface {
  name = 'StaleNeeds1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE employer_needs
        ADD COLUMN stale_warning_sent_at timestamptz NULL,
        ADD COLUMN unpublished_at timestamptz NULL,
        ADD COLUMN unpublished_reason varchar(16) NULL CHECK (unpublished_reason IN ('stale')),
        ADD CONSTRAINT employer_needs_unpublished_reason CHECK ((unpublished_at IS NULL) = (unpublished_reason IS NULL))`);
    // The sweep reads published needs by age; the partial index keeps that scan to the published ones.
    await q.query(`CREATE INDEX employer_needs_published_updated_idx ON employer_needs (updated_at, id) WHERE status = 'published'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX employer_needs_published_updated_idx`);
    await q.query(`
      ALTER TABLE employer_needs
        DROP CONSTRAINT employer_needs_unpublished_reason,
        DROP COLUMN unpublished_reason,
        DROP COLUMN unpublished_at,
        DROP COLUMN stale_warning_sent_at`);
  }
}
