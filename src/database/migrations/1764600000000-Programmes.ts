import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programmes (e.g. "100 chances 100 emplois — Vienne"): the organisations working together on one cohort.
 * A coordinator reads the candidate profiles of every partner organisation of a programme their own
 * organisation belongs to (issue 4); recruitment sessions and events (issue 7) hang off a programme too.
 */
export class Programmes1764600000000 implements MigrationInterface {
  name = 'Programmes1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(160) NOT NULL CHECK (char_length(name) BETWEEN 3 AND 160),
        description varchar(2000) NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Two programmes whose names differ only by case would be told apart by nobody.
    await q.query(`CREATE UNIQUE INDEX programmes_name_key ON programmes (lower(name))`);
    await q.query(`
      CREATE TABLE programme_members (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        added_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_id, organisation_id)
      )`);
    // Visibility asks "which programmes is this organisation in?": the primary key answers the other way round.
    await q.query(`CREATE INDEX programme_members_organisation_idx ON programme_members (organisation_id, programme_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE programme_members`);
    await q.query(`DROP TABLE programmes`);
  }
}
