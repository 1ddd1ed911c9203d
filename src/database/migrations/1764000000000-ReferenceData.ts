import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data: ROME 4.0 occupations, employment basins, communes, prisons, the BMO survey and
 * the FAP 2021 ↔ ROME crosswalk. Codes use the "C" collation: they are compared byte-wise, which
 * keeps the composite keys of the 53k-row BMO table cheap to maintain.
 */
export class ReferenceData1764000000000 implements MigrationInterface {
  name = 'ReferenceData1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rome_grand_domains (
        code varchar(1) COLLATE "C" PRIMARY KEY CHECK (code ~ '^[A-Z]$'),
        label text NOT NULL CHECK (label <> ''),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE rome_professional_domains (
        code varchar(3) COLLATE "C" PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{2}$'),
        label text NOT NULL CHECK (label <> ''),
        grand_domain_code varchar(1) COLLATE "C" NOT NULL REFERENCES rome_grand_domains(code),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rome_professional_domains_prefix CHECK (left(code, 1) = grand_domain_code)
      )`);
    await q.query(`
      CREATE TABLE rome_occupations (
        code varchar(5) COLLATE "C" PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{4}$'),
        label text NOT NULL CHECK (label <> ''),
        ogr_code integer NOT NULL,
        domain_code varchar(3) COLLATE "C" NOT NULL REFERENCES rome_professional_domains(code),
        rome3_code varchar(5) COLLATE "C" NULL CHECK (rome3_code ~ '^[A-Z][0-9]{4}$'),
        ecological_transition text NULL,
        digital_transition boolean NULL,
        demographic_transition boolean NULL,
        regulated boolean NULL,
        executive boolean NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rome_occupations_domain_prefix CHECK (left(code, 3) = domain_code)
      )`);
    await q.query(`CREATE INDEX rome_occupations_rome3_idx ON rome_occupations (rome3_code)`);
    await q.query(`
      CREATE TABLE rome_appellations (
        ogr_code integer PRIMARY KEY CHECK (ogr_code > 0),
        label text NOT NULL CHECK (label <> ''),
        short_label text NOT NULL CHECK (short_label <> ''),
        rome_code varchar(5) COLLATE "C" NOT NULL REFERENCES rome_occupations(code) ON DELETE CASCADE,
        principal boolean NOT NULL,
        rarely_used boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rome_appellations_rome_idx ON rome_appellations (rome_code)`);

    await q.query(`
      CREATE TABLE basins (
        code varchar(4) COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{3,4}$'),
        name text NOT NULL CHECK (name <> ''),
        region_code varchar(2) COLLATE "C" NULL CHECK (region_code ~ '^[0-9]{2}$'),
        region_name text NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A few basins straddle a department boundary: the link is many-to-many.
    await q.query(`
      CREATE TABLE basin_departments (
        basin_code varchar(4) COLLATE "C" NOT NULL REFERENCES basins(code) ON DELETE CASCADE,
        department_code varchar(3) COLLATE "C" NOT NULL CHECK (department_code ~ '^([0-9]{2}|2A|2B|9[78][0-9])$'),
        department_name text NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (basin_code, department_code)
      )`);
    await q.query(`CREATE INDEX basin_departments_department_idx ON basin_departments (department_code)`);

    await q.query(`
      CREATE TABLE communes (
        insee_code varchar(5) COLLATE "C" PRIMARY KEY CHECK (insee_code ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'),
        name text NULL,
        name_key text COLLATE "C" NULL,
        department_code varchar(3) COLLATE "C" NULL,
        region_code varchar(2) COLLATE "C" NULL,
        basin_code varchar(4) COLLATE "C" NULL REFERENCES basins(code),
        latitude numeric(9,6) NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric(9,6) NULL CHECK (longitude BETWEEN -180 AND 180),
        postcodes text[] COLLATE "C" NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX communes_name_key_idx ON communes (name_key text_pattern_ops)`);
    await q.query(`CREATE INDEX communes_postcodes_idx ON communes USING gin (postcodes)`);
    await q.query(`CREATE INDEX communes_basin_idx ON communes (basin_code)`);

    await q.query(`
      CREATE TABLE establishments (
        code varchar(80) COLLATE "C" PRIMARY KEY CHECK (code <> ''),
        name text NOT NULL CHECK (name <> ''),
        type varchar(32) NOT NULL CHECK (type IN ('maison_arret','centre_detention','centre_penitentiaire','maison_centrale','centre_semi_liberte','etablissement_mineurs','other')),
        commune_code varchar(5) COLLATE "C" NULL,
        commune_name text NULL,
        department_code varchar(3) COLLATE "C" NULL,
        region_code varchar(2) COLLATE "C" NULL,
        basin_code varchar(4) COLLATE "C" NULL REFERENCES basins(code),
        latitude numeric(9,6) NULL,
        longitude numeric(9,6) NULL,
        interregional_direction text NULL,
        capacity integer NULL CHECK (capacity >= 0),
        detainees integer NULL CHECK (detainees >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX establishments_basin_idx ON establishments (basin_code)`);

    await q.query(`
      CREATE TABLE fap_occupations (
        code varchar(5) COLLATE "C" PRIMARY KEY CHECK (code ~ '^[A-Z][0-9A-Z][A-Z][0-9]{2}$'),
        label text NOT NULL CHECK (label <> ''),
        family_code varchar(2) COLLATE "C" NULL,
        family_label text NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Tension: the share of difficult projects shrunk toward 50 % with the weight of 10 projects, so that
    // 3 difficult out of 3 does not outrank 120 out of 150. One definition, used by the stored column and
    // by the per-basin aggregates. Documented in docs/reference-data.md. The bodies are plain SELECTs (not
    // SQL-standard RETURN bodies) so that PostgreSQL inlines them: the national BMO COPY was 40 % slower
    // with a function call per generated column.
    await q.query(`
      CREATE FUNCTION bmo_tension(difficult bigint, projects bigint) RETURNS numeric
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN difficult IS NOT NULL AND projects > 0 THEN round((difficult + 5)::numeric / (projects + 10), 4) END $$`);
    await q.query(`
      CREATE FUNCTION bmo_share(part bigint, projects bigint) RETURNS numeric
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN part IS NOT NULL AND projects > 0 THEN round(part::numeric / projects, 4) END $$`);

    // One row per BMO cell. NULL means the survey kept the figure secret ("*"), never zero.
    // No foreign keys: the BMO importer writes the basins and FAP codes of its own file in the same
    // transaction, and per-row FK triggers tripled the import time of the national file (see bench/).
    await q.query(`
      CREATE TABLE basin_needs (
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        basin_code varchar(4) COLLATE "C" NOT NULL,
        department_code varchar(3) COLLATE "C" NOT NULL,
        fap_code varchar(5) COLLATE "C" NOT NULL,
        projects integer NULL CHECK (projects >= 0),
        difficult_projects integer NULL CHECK (difficult_projects >= 0),
        seasonal_projects integer NULL CHECK (seasonal_projects >= 0),
        share_difficult numeric(5,4) GENERATED ALWAYS AS (bmo_share(difficult_projects, projects)) STORED,
        share_seasonal numeric(5,4) GENERATED ALWAYS AS (bmo_share(seasonal_projects, projects)) STORED,
        tension numeric(5,4) GENERATED ALWAYS AS (bmo_tension(difficult_projects, projects)) STORED,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, basin_code, department_code, fap_code),
        CONSTRAINT basin_needs_difficult_le_projects CHECK (difficult_projects <= projects),
        CONSTRAINT basin_needs_seasonal_le_projects CHECK (seasonal_projects <= projects)
      )`);
    // No secondary index: reads go by basin and year (the key's prefix after the year) or scan a whole
    // year, and a (fap_code) index added 40 % to the national import's COPY for no query that needs it.

    await q.query(`
      CREATE TABLE fap_rome_links (
        fap_code varchar(5) COLLATE "C" NOT NULL CHECK (fap_code ~ '^[A-Z][0-9A-Z][A-Z][0-9]{2}$'),
        rome_code varchar(5) COLLATE "C" NOT NULL REFERENCES rome_occupations(code) ON DELETE CASCADE,
        source varchar(16) NOT NULL CHECK (source IN ('dares','curated','staff')),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','rejected')),
        decided_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fap_code, rome_code)
      )`);
    await q.query(`CREATE INDEX fap_rome_links_rome_idx ON fap_rome_links (rome_code) WHERE status = 'active'`);

    await q.query(`
      CREATE TABLE import_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(24) NOT NULL,
        file_name text NOT NULL,
        file_sha256 varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('succeeded','failed')),
        skip_bad_rows boolean NOT NULL,
        rows_read integer NOT NULL DEFAULT 0,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        error text NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX import_runs_kind_idx ON import_runs (kind, finished_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'import_runs',
      'fap_rome_links',
      'basin_needs',
      'fap_occupations',
      'establishments',
      'communes',
      'basin_departments',
      'basins',
      'rome_appellations',
      'rome_occupations',
      'rome_professional_domains',
      'rome_grand_domains',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION bmo_share(bigint, bigint)`);
    await q.query(`DROP FUNCTION bmo_tension(bigint, bigint)`);
  }
}
