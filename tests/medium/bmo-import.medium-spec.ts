import { ImportFileError } from '../../src/infra/import/import-errors';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportHarness, startImportHarness } from '../support/import-harness';
import { importFixture, sharedData } from '../support/reference-files';

// The national file is 53,443 rows: a loaded 2-core machine needs more than the default 5 s.
jest.setTimeout(60_000);

const BMO = (name: string) => importFixture('bmo', name);

async function refused(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('BMO importer on the real survey files', () => {
  let h: ImportHarness;
  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('imports the official xlsx, and its CSV export then changes nothing', async () => {
    const fromXlsx = await h.importFile(ImportKind.Bmo, sharedData('bmo', 'official', 'Base_open_data_BMO_2024.xlsx'));
    expect(fromXlsx).toMatchObject({ rowsRead: 53_443, inserted: 53_443, updated: 0, unchanged: 0, rejected: [] });

    const fromCsv = await h.importFile(ImportKind.Bmo, sharedData('bmo', 'bmo_2024_france.csv'));
    expect(fromCsv).toMatchObject({ rowsRead: 53_443, inserted: 0, updated: 0, unchanged: 53_443, rejected: [] });

    const [counts] = await h.dataSource.query(
      `SELECT (SELECT count(*) FROM basins)::int AS basins, (SELECT count(*) FROM basin_departments)::int AS links,
              (SELECT count(*) FROM fap_occupations)::int AS faps, (SELECT count(*) FROM basin_needs WHERE projects IS NULL)::int AS secret_projects`,
    );
    expect(counts).toEqual({ basins: 406, links: 433, faps: 217, secret_projects: expect.any(Number) });
    expect(counts.secret_projects).toBeGreaterThan(0);
  });

  it('keeps "*" as unknown, never zero, and derives shares and tension per row', async () => {
    const rows = await h.dataSource.query(
      `SELECT basin_code, projects, difficult_projects, seasonal_projects, share_difficult::float, share_seasonal::float, tension::float
         FROM basin_needs WHERE year = 2024 AND fap_code = 'A0X40' AND basin_code IN ('101', '103') ORDER BY basin_code`,
    );
    expect(rows).toEqual([
      // 2024,A0X40,Agriculteurs,…,101,BASSIN BASSE-TERRE,95,31,44
      { basin_code: '101', projects: 95, difficult_projects: 31, seasonal_projects: 44, share_difficult: 0.3263, share_seasonal: 0.4632, tension: 0.3429 },
      // 2024,A0X40,Agriculteurs,…,103,BASSIN MARIE-GALANTE,17,*,*
      { basin_code: '103', projects: 17, difficult_projects: null, seasonal_projects: null, share_difficult: null, share_seasonal: null, tension: null },
    ]);
  });

  it('records every run with the digest of its file', async () => {
    const runs = await h.dataSource.query(`SELECT kind, file_name, status, inserted, unchanged, length(file_sha256) AS digest FROM import_runs ORDER BY started_at`);
    expect(runs).toEqual([
      { kind: 'bmo', file_name: 'Base_open_data_BMO_2024.xlsx', status: 'succeeded', inserted: 53_443, unchanged: 0, digest: 64 },
      { kind: 'bmo', file_name: 'bmo_2024_france.csv', status: 'succeeded', inserted: 0, unchanged: 53_443, digest: 64 },
    ]);
  });
});

describe('BMO importer on hand-written files', () => {
  let h: ImportHarness;
  beforeEach(async () => {
    h = await startImportHarness();
  });
  afterEach(() => h.close());

  const needs = () =>
    h.dataSource.query(`SELECT basin_code, department_code, fap_code, projects, difficult_projects, seasonal_projects FROM basin_needs ORDER BY basin_code, department_code, fap_code`);

  it('counts inserted, updated and unchanged rows on a re-import with one change and one new row', async () => {
    expect(await h.importFile(ImportKind.Bmo, BMO('small.csv'))).toMatchObject({ inserted: 5, updated: 0, unchanged: 0 });
    const report = await h.importFile(ImportKind.Bmo, BMO('small-changed.csv'));
    expect(report).toMatchObject({ rowsRead: 6, inserted: 1, updated: 1, unchanged: 4, rejected: [] });
    expect(await needs()).toContainEqual({ basin_code: '7513', department_code: '86', fap_code: 'B2Z40', projects: 130, difficult_projects: 95, seasonal_projects: 10 });
  });

  it('replaces the survey year: rows a newer file of the same year no longer has are deleted', async () => {
    await h.importFile(ImportKind.Bmo, BMO('small-changed.csv'));
    const report = await h.importFile(ImportKind.Bmo, BMO('small.csv'));
    expect(report).toMatchObject({ rowsRead: 5, inserted: 0, updated: 1, unchanged: 4 });
    expect(report.notes).toContain("1 ligne(s) de l'enquête 2024 absente(s) du fichier supprimée(s)");
    expect(await needs()).toHaveLength(5);
    expect((await needs()).map((n: { fap_code: string }) => n.fap_code)).not.toContain('S1X21');
  });

  it('deletes nothing when rows were skipped: a skipped row is not a row the survey dropped', async () => {
    await h.importFile(ImportKind.Bmo, BMO('small-changed.csv'));
    const report = await h.importFile(ImportKind.Bmo, BMO('bad-rows.csv'), { skipBadRows: true });
    expect(report.rejected).toHaveLength(7);
    expect(report.notes.join(' ')).not.toContain('supprimée');
    expect(await needs()).toHaveLength(6);
  });

  it('runs two imports started at once one after the other instead of racing on the same rows', async () => {
    const [a, b] = await Promise.all([h.importFile(ImportKind.Bmo, BMO('small.csv')), h.importFile(ImportKind.Bmo, BMO('small.csv'))]);
    expect([a.inserted, b.inserted].sort()).toEqual([0, 5]);
    expect([a.unchanged, b.unchanged].sort()).toEqual([0, 5]);
    expect(await needs()).toHaveLength(5);
  });

  it('reports a figure too large for the database at its line instead of failing in PostgreSQL', async () => {
    const error = await refused(h.importFile(ImportKind.Bmo, BMO('out-of-range.csv')));
    expect(error.errors).toEqual([{ line: 2, message: 'nombre de projets (met) hors limites « 3000000000 » (au plus 2147483647)' }]);
  });

  it('writes the basins, their departments and the FAP labels of the file', async () => {
    await h.importFile(ImportKind.Bmo, BMO('small.csv'));
    expect(await h.dataSource.query(`SELECT code, name, region_code FROM basins ORDER BY code`)).toEqual([
      { code: '7513', name: 'POITIERS', region_code: '75' },
      { code: '7514', name: 'CHATELLERAULT', region_code: '75' },
    ]);
    expect(await h.dataSource.query(`SELECT basin_code, department_code, department_name FROM basin_departments ORDER BY 1, 2`)).toEqual([
      { basin_code: '7513', department_code: '86', department_name: 'Vienne' },
      { basin_code: '7514', department_code: '79', department_name: 'Deux-Sèvres' },
      { basin_code: '7514', department_code: '86', department_name: 'Vienne' },
    ]);
    expect(await h.dataSource.query(`SELECT label FROM fap_occupations WHERE code = 'S1X20'`)).toEqual([{ label: 'Cuisiniers, chefs (fictif)' }]);
  });

  it('refuses a file missing a column, naming it', async () => {
    const error = await refused(h.importFile(ImportKind.Bmo, BMO('missing-column.csv')));
    expect(error.errors).toEqual([{ line: 1, message: expect.stringContaining('colonne(s) manquante(s) : xmet') }]);
  });

  it('refuses a Windows-1252 file with the line of the first bad byte, and reads it when told the encoding', async () => {
    const error = await refused(h.importFile(ImportKind.Bmo, BMO('windows-1252.csv')));
    expect(error.errors).toEqual([{ line: 1, message: expect.stringMatching(/encodage invalide.*--encoding windows-1252/) }]);
    const report = await h.importFile(ImportKind.Bmo, BMO('windows-1252.csv'), { encoding: 'windows-1252' });
    expect(report).toMatchObject({ inserted: 1 });
    expect(await h.dataSource.query(`SELECT label FROM fap_occupations`)).toEqual([{ label: 'Peintres en bâtiment (fictif)' }]);
  });

  it('reports every bad row with its line and reason, and imports nothing', async () => {
    const error = await refused(h.importFile(ImportKind.Bmo, BMO('bad-rows.csv')));
    expect(error.errors).toEqual([
      { line: 3, message: 'code métier BMO invalide « B2Z4 » (attendu : code FAP 2021 à 5 caractères, ex. B2Z40)' },
      { line: 4, message: 'code bassin invalide « 75A3 » (attendu : 3 ou 4 chiffres, ex. 7513)' },
      { line: 5, message: 'projets difficiles (12) supérieurs au nombre de projets (10)' },
      { line: 6, message: 'nombre de projets (met) invalide « 12a » (attendu : un nombre entier ou * pour une valeur secrète)' },
      { line: 7, message: 'ligne en double pour le bassin 7513, le département 86 et le métier B2Z40 (déjà présente ligne 2)' },
      { line: 8, message: 'année 2023 différente de celle du fichier (2024) : un fichier BMO couvre une seule enquête' },
      { line: 9, message: 'projets difficiles (xmet) manquant (attendu : un nombre entier ou * pour une valeur secrète)' },
    ]);
    expect(error.rowsRead).toBe(8);
    expect(await needs()).toEqual([]);
    expect(await h.dataSource.query(`SELECT count(*)::int AS n FROM basins`)).toEqual([{ n: 0 }]);
    expect(await h.dataSource.query(`SELECT status, rejected FROM import_runs`)).toEqual([{ status: 'failed', rejected: 7 }]);
  });

  it('imports the valid rows and lists the others when asked to skip bad rows', async () => {
    const report = await h.importFile(ImportKind.Bmo, BMO('bad-rows.csv'), { skipBadRows: true });
    expect(report).toMatchObject({ rowsRead: 8, inserted: 1, updated: 0, unchanged: 0 });
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(await needs()).toEqual([{ basin_code: '7513', department_code: '86', fap_code: 'B2Z40', projects: 120, difficult_projects: 90, seasonal_projects: 10 }]);
  });
});
