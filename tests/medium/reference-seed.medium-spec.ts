import { seedDemoEvents } from '../../src/database/seeds/demo-events-seed';
import { seedDemo, seedDemoCandidates, seedDemoFollowUps } from '../../src/database/seeds/demo-seed';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OCCUPATION_INDEX, OccupationDocument } from '../../src/modules/occupations/occupation-search-index';
import { ImportHarness, startImportHarness } from '../support/import-harness';

jest.setTimeout(120_000);

describe('demo reference seed through the real importers', () => {
  let h: ImportHarness;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await h.dataSource.query(sql, params))[0] as T;

  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('loads every demo file without a rejected row, then finds nothing to change on a second run', async () => {
    const runner = h.context.get(ImportRunner);
    const first = await seedReferenceData(runner);
    expect(first.map((r) => r.kind)).toEqual([
      ImportKind.Rome,
      ImportKind.Basins,
      ImportKind.Communes,
      ImportKind.Communes,
      ImportKind.Communes,
      ImportKind.Establishments,
      ImportKind.Bmo,
      ImportKind.Crosswalk,
    ]);
    for (const report of first) expect({ file: report.file, rejected: report.rejected }).toEqual({ file: report.file, rejected: [] });
    // The communes files after the first only fill columns of rows the first one created.
    for (const report of [first[0], first[1], first[2], first[5], first[6], first[7]]) expect(report.inserted).toBeGreaterThan(0);

    const second = await seedReferenceData(runner);
    for (const report of second) {
      expect({ file: report.file, inserted: report.inserted, updated: report.updated, rejected: report.rejected.length }).toEqual({
        file: report.file,
        inserted: 0,
        updated: 0,
        rejected: 0,
      });
      expect(report.unchanged).toBeGreaterThan(0);
    }
  });

  it('holds the facts the demo relies on', async () => {
    expect(await one(`SELECT label, domain_code FROM rome_occupations WHERE code = 'F1606'`)).toEqual({ label: 'Peintre en bâtiment', domain_code: 'F16' });
    expect(await one(`SELECT name, region_code FROM basins WHERE code = '7513'`)).toEqual({ name: 'POITIERS', region_code: '75' });
    expect(await one(`SELECT basin_code, postcodes FROM communes WHERE insee_code = '86293'`)).toEqual({ basin_code: '7513', postcodes: ['86370'] });
    expect(await one(`SELECT type, basin_code, commune_code FROM establishments WHERE code = 'CP POITIERS VIVONNE'`)).toEqual({
      type: 'centre_penitentiaire',
      basin_code: '7513',
      commune_code: '86293',
    });

    const needs = await one<{ rows: string; basins: string; too_difficult: string; too_seasonal: string; secret: string }>(
      `SELECT count(*) AS rows, count(DISTINCT basin_code) AS basins,
              count(*) FILTER (WHERE difficult_projects > projects) AS too_difficult,
              count(*) FILTER (WHERE seasonal_projects > projects) AS too_seasonal,
              count(*) FILTER (WHERE projects IS NULL OR difficult_projects IS NULL) AS secret
         FROM basin_needs WHERE year = 2024`,
    );
    expect(Number(needs.rows)).toBeGreaterThan(0);
    expect(Number(needs.basins)).toBe(18);
    expect(Number(needs.too_difficult)).toBe(0);
    expect(Number(needs.too_seasonal)).toBe(0);
    expect(Number(needs.secret)).toBeGreaterThan(0);

    // Every curated link lands on a demo ROME code and a FAP code the demo survey names.
    const orphans = await one<{ count: string }>(
      `SELECT count(*) FROM fap_rome_links l WHERE NOT EXISTS (SELECT 1 FROM basin_needs n WHERE n.fap_code = l.fap_code)`,
    );
    expect(Number(orphans.count)).toBe(0);
    expect(Number((await one<{ count: string }>(`SELECT count(*) FROM fap_rome_links WHERE rome_code = 'F1606' AND fap_code = 'B2X36'`)).count)).toBe(1);
  });

  it('feeds the occupation autocomplete with the demo labels and appellations', async () => {
    const codes = async (query: string) => (await h.search.search<OccupationDocument>(OCCUPATION_INDEX, query)).hits.map((hit) => hit.code);
    expect((await codes('peintre batiment'))[0]).toBe('F1606');
    expect((await codes('aide peintre'))[0]).toBe('F1606');
    expect((await codes('cariste'))[0]).toBe('N1101');
  });

  it('adds the demo candidates and needs once the reference data is there, then nothing on a second run', async () => {
    await seedDemo(h.dataSource);
    const today = '2026-11-23';
    expect(await seedDemoCandidates(h.dataSource, today)).toEqual({ profiles: 60, needs: 3 });
    expect(await seedDemoCandidates(h.dataSource, today)).toEqual({ profiles: 0, needs: 0 });
    const profiles = await one<{ n: number; consented: number; vienne: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM candidate_consents c WHERE c.profile_id = p.id AND c.revoked_at IS NULL))::int AS consented,
              count(*) FILTER (WHERE p.target_basin_codes && ARRAY['7513', '7514']::varchar(4)[])::int AS vienne
         FROM candidate_profiles p WHERE p.status = 'published'`,
    );
    expect(profiles.n).toBe(60);
    expect(profiles.consented).toBe(60);
    expect(profiles.vienne).toBeGreaterThanOrEqual(40);
    const needs = await h.dataSource.query(`SELECT rome_code, status, basin_code FROM employer_needs ORDER BY rome_code`);
    expect(needs).toEqual([
      { rome_code: 'F1606', status: 'published', basin_code: '7513' },
      { rome_code: 'F1703', status: 'published', basin_code: '7513' },
      { rome_code: 'N1103', status: 'published', basin_code: '7513' },
    ]);
  });

  it('adds the demo follow-ups (a waiting request, an introduction made, a sponsorship under way) once', async () => {
    expect(await seedDemoFollowUps(h.dataSource)).toEqual({ introductions: 2, sponsorships: 1 });
    expect(await seedDemoFollowUps(h.dataSource)).toEqual({ introductions: 0, sponsorships: 0 });
    const introductions = await h.dataSource.query(
      `SELECT i.status, i.candidate_agreed_on IS NOT NULL AS agreed, (SELECT count(*)::int FROM introduction_events e WHERE e.introduction_id = i.id) AS events
         FROM introductions i ORDER BY i.status DESC`,
    );
    expect(introductions).toEqual([
      { status: 'requested', agreed: false, events: 1 },
      { status: 'introduced', agreed: true, events: 3 },
    ]);
    const checkIns = await h.dataSource.query(
      `SELECT c.milestone, c.status, (c.due_on - s.starts_on) AS days FROM sponsorship_check_ins c JOIN sponsorships s ON s.id = c.sponsorship_id ORDER BY c.due_on`,
    );
    expect(checkIns.map((c: { milestone: string; status: string }) => [c.milestone, c.status])).toEqual([
      ['d7', 'done'],
      ['m1', 'scheduled'],
      ['m3', 'scheduled'],
      ['m6', 'scheduled'],
    ]);
    expect(checkIns[0].days).toBe(7);
    expect(checkIns[3].days).toBeGreaterThanOrEqual(181);
  });

  it('adds the demo events (a half-day open for registration, a session ready to plan) once', async () => {
    const today = '2026-11-23';
    expect(await seedDemoEvents(h.dataSource, today)).toEqual({ awarenessDays: 1, recruitmentSessions: 1 });
    expect(await seedDemoEvents(h.dataSource, today)).toEqual({ awarenessDays: 0, recruitmentSessions: 0 });
    const [day] = await h.dataSource.query(
      `SELECT to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') AS starts, to_char(registration_closes_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') AS closes, capacity, status
         FROM awareness_days`,
    );
    expect(day).toEqual({ starts: '2026-12-28 09:00', closes: '2026-12-13 23:59', capacity: 12, status: 'published' });
    const [session] = await h.dataSource.query(
      `SELECT s.interview_on::text AS interview_on, s.status,
              (SELECT count(*)::int FROM session_candidates c WHERE c.session_id = s.id) AS candidates,
              (SELECT count(*)::int FROM session_organisations o JOIN organisations g ON g.id = o.organisation_id WHERE o.session_id = s.id AND g.status = 'active') AS organisations,
              (SELECT count(*)::int FROM session_rooms r WHERE r.session_id = s.id) AS rooms
         FROM recruitment_sessions s`,
    );
    expect(session).toEqual({ interview_on: '2027-01-04', status: 'planning', candidates: 8, organisations: 8, rooms: 4 });
  });
});

