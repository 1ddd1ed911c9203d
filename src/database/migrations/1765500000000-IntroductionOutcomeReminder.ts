import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder to record the outcome of an introduction whose planned meeting is a few days past (issue 6).
 * `outcome_reminded_at` marks it sent, so the hourly sweep sends it once; planning the meeting for another day
 * clears it. The partial index holds only the introductions the sweep may still remind.
 */
export class IntroductionOutcomeReminder1765500000000 implements MigrationInterface {
  name = 'IntroductionOutcomeReminder1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE introductions ADD COLUMN outcome_reminded_at timestamptz NULL`);
    await q.query(`CREATE INDEX introductions_outcome_due_idx ON introductions (meeting_on, id) WHERE status = 'meeting_planned' AND outcome_reminded_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX introductions_outcome_due_idx`);
    await q.query(`ALTER TABLE introductions DROP COLUMN outcome_reminded_at`);
  }
}
