import { DataSource } from 'typeorm';
import { verifyPassword } from '../../src/common/security/password';
import { runMigrations } from '../../src/database/migrate';
import { MIGRATIONS } from '../../src/database/migrations';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../src/database/seeds/demo-seed';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

describe('migrations and demo seed (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
  });
  afterAll(() => close());

  const tables = async () =>
    (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r: { table_name: string }) => r.table_name);

  it('reverts every migration and applies them again', async () => {
    const all = [
      'audit_events',
      'awareness_attendees',
      'awareness_days',
      'awareness_registrations',
      'basin_departments',
      'basin_needs',
      'basins',
      'candidate_consents',
      'candidate_profiles',
      'communes',
      'email_deliveries',
      'email_suppressions',
      'employer_needs',
      'establishments',
      'fap_occupations',
      'fap_rome_links',
      'grand_oral_attendance',
      'grand_oral_passages',
      'import_runs',
      'introduction_events',
      'introductions',
      'organisations',
      'outbox_messages',
      'programme_members',
      'programmes',
      'recruitment_sessions',
      'rome_appellations',
      'rome_grand_domains',
      'rome_occupations',
      'rome_professional_domains',
      'schema_migrations',
      'session_assessments',
      'session_binome_members',
      'session_binomes',
      'session_candidates',
      'session_debriefs',
      'session_interview_outcomes',
      'session_interviews',
      'session_organisations',
      'session_proposals',
      'session_rooms',
      'sessions',
      'sponsorship_check_ins',
      'sponsorships',
      'users',
    ];
    expect(await tables()).toEqual(all);
    while ((await ds.query('SELECT count(*)::int AS n FROM schema_migrations'))[0].n > 0) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['schema_migrations']);
    expect(await ds.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'bmo\\_%'`)).toEqual([]);
    expect(await runMigrations(ds)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual(all);
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('enforces the rules the application relies on in the schema itself', async () => {
    await expect(ds.query(`INSERT INTO users (email, password_hash, display_name, role) VALUES ('A@B.example', 'x', 'x', 'admin')`)).rejects.toThrow(/check/i);
    await expect(ds.query(`INSERT INTO users (email, password_hash, display_name, role) VALUES ('a@b.example', 'x', 'x', 'employer')`)).rejects.toThrow(/users_member_has_organisation/);
    await expect(ds.query(`INSERT INTO organisations (name, kind, status, siret) VALUES ('x', 'company', 'active', '123')`)).rejects.toThrow(/check/i);
  });

  it('seeds the demo accounts once, each able to sign in with the demo password', async () => {
    const first = await seedDemo(ds);
    expect(first.users).toBe(DEMO_ACCOUNTS.length);
    expect(await seedDemo(ds)).toEqual({ organisations: 0, users: 0 });
    const rows: { email: string; role: string; password_hash: string; email_verified_at: Date | null; status: string | null }[] = await ds.query(
      `SELECT u.email, u.role, u.password_hash, u.email_verified_at, o.status FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id`,
    );
    expect(rows.map((r) => r.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    for (const row of rows) {
      expect(row.email_verified_at).not.toBeNull();
      expect(await verifyPassword(row.password_hash, DEMO_PASSWORD)).toBe(true);
    }
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['admin', 'coordinator', 'counsellor', 'employer']));
    expect(rows.filter((r) => r.role === 'employer').map((r) => r.status).sort()).toEqual(['active', 'pending', 'pending']);
  });
});
