import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Profile search (issue 5): what a candidate is looking for (the same solutions employers offer), a filter
 * of the employer search. The index itself lives in Meilisearch and is fed through the outbox.
 */
export class ProfileSearch1764700000000 implements MigrationInterface {
  name = 'ProfileSearch1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE candidate_profiles
        ADD COLUMN sought_solutions text[] NOT NULL DEFAULT '{}'
          CONSTRAINT candidate_profiles_sought_solutions_known CHECK (sought_solutions <@ ARRAY['job','apprenticeship','training_place','immersion','sponsorship','mock_interview','company_visit','advice','job_promise']::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate_profiles DROP COLUMN sought_solutions`);
  }
}
