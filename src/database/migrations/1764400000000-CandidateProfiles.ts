import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymised candidate profiles and the consents that allow publishing them (DESIGN.md §2). No column
 * can hold a name, a birth date, an offence or an écrou number; the establishment is internal. What SQL
 * can check is checked here too (sizes, closed lists, the release window, the publishing rule), so no
 * code path can store a profile the service would refuse.
 */
export class CandidateProfiles1764400000000 implements MigrationInterface {
  name = 'CandidateProfiles1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // CHECK constraints cannot hold subqueries: these two pure helpers look inside arrays for them.
    await q.query(`
      CREATE FUNCTION candidate_texts_fit(items text[], max_length integer) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS 'SELECT coalesce(bool_and(char_length(item) BETWEEN 1 AND max_length), true) FROM unnest(items) AS item'`);
    await q.query(`
      CREATE FUNCTION candidate_codes_unique(items text[]) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS 'SELECT count(DISTINCT item) = count(*) FROM unnest(items) AS item'`);

    await q.query(`
      CREATE TABLE candidate_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(12) COLLATE "C" NOT NULL CHECK (code ~ '^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$'),
        owner_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        establishment_code varchar(80) COLLATE "C" NULL REFERENCES establishments(code),
        age_band varchar(8) NULL CHECK (age_band IN ('18-25','26-35','36-45','46-55','56+')),
        release_from date NULL,
        release_until date NULL,
        adjustments text[] NOT NULL DEFAULT '{}'
          CHECK (adjustments <@ ARRAY['semi_liberte','placement_exterieur','surveillance_electronique','liberation_conditionnelle']::text[]
                 AND candidate_codes_unique(adjustments)),
        exit_permits boolean NULL,
        target_rome_codes varchar(5)[] COLLATE "C" NOT NULL DEFAULT '{}'
          CHECK (cardinality(target_rome_codes) <= 5 AND candidate_codes_unique(target_rome_codes::text[])),
        target_basin_codes varchar(4)[] COLLATE "C" NOT NULL DEFAULT '{}'
          CHECK (cardinality(target_basin_codes) <= 5 AND candidate_codes_unique(target_basin_codes::text[])),
        mobility jsonb NOT NULL DEFAULT '{"licences": [], "hasVehicle": null, "maxCommuteMinutes": null}'
          CHECK (jsonb_typeof(mobility) = 'object' AND jsonb_typeof(mobility -> 'licences') = 'array'),
        languages text[] NOT NULL DEFAULT '{}' CHECK (cardinality(languages) <= 10 AND candidate_texts_fit(languages, 40)),
        skills text[] NOT NULL DEFAULT '{}' CHECK (cardinality(skills) <= 30 AND candidate_texts_fit(skills, 80)),
        experiences jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(experiences) = 'array' AND jsonb_array_length(experiences) <= 20),
        trainings jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(trainings) = 'array' AND jsonb_array_length(trainings) <= 20),
        project text NULL CHECK (char_length(project) BETWEEN 1 AND 3000),
        availability text NULL CHECK (char_length(availability) BETWEEN 1 AND 300),
        constraints jsonb NOT NULL DEFAULT '{"avoidDepartments": [], "avoidRomeCodes": []}'
          CHECK (jsonb_typeof(constraints -> 'avoidDepartments') = 'array' AND jsonb_typeof(constraints -> 'avoidRomeCodes') = 'array'),
        status varchar(16) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','paused','placed','archived')),
        pii_override jsonb NULL CHECK (pii_override IS NULL OR (pii_override ?& ARRAY['justification','by','at'])),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        CONSTRAINT candidate_profiles_code_key UNIQUE (code),
        CONSTRAINT candidate_profiles_window CHECK (release_until IS NULL OR (release_from IS NOT NULL AND release_until >= release_from)),
        CONSTRAINT candidate_profiles_publishable CHECK (
          status <> 'published' OR (
            cardinality(target_rome_codes) > 0 AND cardinality(target_basin_codes) > 0
            AND release_from IS NOT NULL AND release_until IS NOT NULL AND published_at IS NOT NULL
          )
        )
      )`);
    // A counsellor's caseload: their organisation's profiles, newest changes first.
    await q.query(`CREATE INDEX candidate_profiles_owner_idx ON candidate_profiles (owner_organisation_id, updated_at DESC)`);
    // Filters of the caseload (and later of matching) on the target arrays.
    await q.query(`CREATE INDEX candidate_profiles_rome_idx ON candidate_profiles USING gin (target_rome_codes)`);
    await q.query(`CREATE INDEX candidate_profiles_basin_idx ON candidate_profiles USING gin (target_basin_codes)`);

    await q.query(`
      CREATE TABLE candidate_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile_id uuid NOT NULL REFERENCES candidate_profiles(id) ON DELETE CASCADE,
        scope varchar(32) NOT NULL CHECK (scope IN ('publication')),
        given_on date NOT NULL,
        recorded_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        revoked_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT candidate_consents_revocation CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
      )`);
    // At most one active consent per scope: recording twice is refused, revoking ends it.
    await q.query(`CREATE UNIQUE INDEX candidate_consents_active_key ON candidate_consents (profile_id, scope) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE candidate_consents`);
    await q.query(`DROP TABLE candidate_profiles`);
    await q.query(`DROP FUNCTION candidate_codes_unique(text[])`);
    await q.query(`DROP FUNCTION candidate_texts_fit(text[], integer)`);
  }
}
