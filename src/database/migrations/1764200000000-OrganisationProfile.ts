import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation profile (NAF code, address, commune and its basin), employer settings (introduction cap,
 * pause, notifications), the fair-chance charter, and members' roles within their organisation. The
 * basin is copied from the commune at write time, as for employer needs, so listings need no join.
 */
export class OrganisationProfile1764200000000 implements MigrationInterface {
  name = 'OrganisationProfile1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations
        ADD COLUMN naf_code varchar(6) COLLATE "C" NULL CHECK (naf_code ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'),
        ADD COLUMN address_line text NULL CHECK (char_length(address_line) BETWEEN 1 AND 200),
        ADD COLUMN commune_code varchar(5) COLLATE "C" NULL REFERENCES communes(insee_code),
        ADD COLUMN basin_code varchar(4) COLLATE "C" NULL REFERENCES basins(code),
        ADD COLUMN monthly_introduction_cap smallint NULL CHECK (monthly_introduction_cap BETWEEN 1 AND 100),
        ADD COLUMN paused_until date NULL,
        ADD COLUMN notify_new_profiles boolean NOT NULL DEFAULT true,
        ADD COLUMN notify_weekly_digest boolean NOT NULL DEFAULT false,
        ADD COLUMN charter_accepted_at timestamptz NULL,
        ADD COLUMN charter_accepted_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        ADD CONSTRAINT organisations_basin_has_commune CHECK (basin_code IS NULL OR commune_code IS NOT NULL)`);
    await q.query(`CREATE INDEX organisations_basin_idx ON organisations (basin_code) WHERE basin_code IS NOT NULL`);

    await q.query(`ALTER TABLE users ADD COLUMN organisation_role varchar(16) NULL CHECK (organisation_role IN ('owner','member'))`);
    // The earliest member of each organisation signed it up: they become its owner.
    await q.query(`
      UPDATE users u
         SET organisation_role = CASE WHEN ranked.rank = 1 THEN 'owner' ELSE 'member' END
        FROM (SELECT id, row_number() OVER (PARTITION BY organisation_id ORDER BY created_at, id) AS rank
                FROM users WHERE organisation_id IS NOT NULL AND role <> 'admin') ranked
       WHERE u.id = ranked.id`);
    // Named to sort after users_member_has_organisation: PostgreSQL checks constraints in name order,
    // so a user without organisation still reports the more telling violation.
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_organisation_role_matches CHECK (
        CASE WHEN role = 'admin' OR organisation_id IS NULL THEN organisation_role IS NULL ELSE organisation_role IS NOT NULL END
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_organisation_role_matches, DROP COLUMN organisation_role`);
    await q.query(`DROP INDEX organisations_basin_idx`);
    await q.query(`
      ALTER TABLE organisations
        DROP CONSTRAINT organisations_basin_has_commune,
        DROP COLUMN charter_accepted_by,
        DROP COLUMN charter_accepted_at,
        DROP COLUMN notify_weekly_digest,
        DROP COLUMN notify_new_profiles,
        DROP COLUMN paused_until,
        DROP COLUMN monthly_introduction_cap,
        DROP COLUMN basin_code,
        DROP COLUMN commune_code,
        DROP COLUMN address_line,
        DROP COLUMN naf_code`);
  }
}
