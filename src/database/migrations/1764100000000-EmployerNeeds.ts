import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employer needs (offers): what an employer organisation looks for and what it can give. The basin is
 * copied from the commune at write time so that listings by basin need no join; the publishing rule
 * (a solution and a start window) is also a check, so no code path can publish an incomplete need.
 */
export class EmployerNeeds1764100000000 implements MigrationInterface {
  name = 'EmployerNeeds1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE employer_needs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        rome_code varchar(5) COLLATE "C" NOT NULL REFERENCES rome_occupations(code),
        appellation_code integer NULL REFERENCES rome_appellations(ogr_code),
        contract_type varchar(24) NOT NULL
          CHECK (contract_type IN ('cdi','cdd','interim','apprenticeship','professionalisation','training_place','immersion')),
        positions smallint NOT NULL CHECK (positions BETWEEN 1 AND 100),
        commune_code varchar(5) COLLATE "C" NOT NULL REFERENCES communes(insee_code),
        basin_code varchar(4) COLLATE "C" NOT NULL REFERENCES basins(code),
        start_from date NULL,
        start_until date NULL,
        requirements text NULL CHECK (char_length(requirements) <= 2000),
        solutions text[] NOT NULL DEFAULT '{}'
          CHECK (solutions <@ ARRAY['job','apprenticeship','training_place','immersion','sponsorship','mock_interview','company_visit','advice','job_promise']::text[]),
        status varchar(16) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','closed')),
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        CONSTRAINT employer_needs_window CHECK (start_until IS NULL OR (start_from IS NOT NULL AND start_until >= start_from)),
        CONSTRAINT employer_needs_publishable CHECK (
          status <> 'published' OR (cardinality(solutions) > 0 AND start_from IS NOT NULL AND start_until IS NOT NULL AND published_at IS NOT NULL)
        )
      )`);
    // An organisation's own list, newest changes first.
    await q.query(`CREATE INDEX employer_needs_organisation_idx ON employer_needs (organisation_id, updated_at DESC)`);
    // Matching and staff listings: published needs of a basin, for an occupation.
    await q.query(`CREATE INDEX employer_needs_status_basin_rome_idx ON employer_needs (status, basin_code, rome_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE employer_needs`);
  }
}
