import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ImportFileError } from '../../src/infra/import/import-errors';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportHarness, startImportHarness } from '../support/import-harness';
import { importFixture } from '../support/reference-files';

jest.setTimeout(60_000);

const VALID = importFixture('framework', 'bmo-valid.csv');
const REFUSED = importFixture('framework', 'bmo-refused.csv');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface RunRow {
  kind: string;
  file_name: string;
  file_sha256: string;
  status: string;
  skip_bad_rows: boolean;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  started_at: Date;
  finished_at: Date;
}

/** The ImportRunner through the CLI's module graph, with the BMO importer as the guinea pig. */
describe('ImportRunner', () => {
  let h: ImportHarness;
  const runs = (): Promise<RunRow[]> => h.dataSource.query(`SELECT * FROM import_runs ORDER BY started_at, finished_at`);
  /** Everything the BMO importer writes, to tell whether a failed run left any trace. */
  const snapshot = async () => ({
    needs: await h.dataSource.query(`SELECT basin_code, department_code, fap_code, projects, difficult_projects, seasonal_projects FROM basin_needs ORDER BY 1, 2, 3`),
    basins: await h.dataSource.query(`SELECT code, name FROM basins ORDER BY code`),
    faps: await h.dataSource.query(`SELECT code, label FROM fap_occupations ORDER BY code`),
  });

  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('a refused file is recorded as failed with its error, and writes nothing else', async () => {
    const error = await h.importFile(ImportKind.Bmo, REFUSED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).errors.map((e) => e.line)).toEqual([3, 4]);
    expect(await snapshot()).toEqual({ needs: [], basins: [], faps: [] });
    expect(await runs()).toEqual([
      expect.objectContaining({
        kind: 'bmo',
        file_name: 'bmo-refused.csv',
        file_sha256: sha256(REFUSED),
        status: 'failed',
        skip_bad_rows: false,
        rows_read: 4,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 2,
        error: '2 erreur(s) dans le fichier',
      }),
    ]);
  });

  it('a successful run is recorded with the digest of the file and the counts', async () => {
    await h.dataSource.query(`DELETE FROM import_runs`);
    const before = Date.now();
    const report = await h.importFile(ImportKind.Bmo, VALID);
    expect(report).toMatchObject({ kind: ImportKind.Bmo, file: VALID, rowsRead: 3, inserted: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(report.notes).toContain("année de l'enquête : 2024");

    const [run] = await runs();
    expect(run).toMatchObject({
      kind: 'bmo',
      file_name: 'bmo-valid.csv',
      file_sha256: sha256(VALID),
      status: 'succeeded',
      skip_bad_rows: false,
      rows_read: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
    });
    expect(run.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.started_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(run.finished_at.getTime()).toBeGreaterThanOrEqual(run.started_at.getTime());

    const again = await h.importFile(ImportKind.Bmo, VALID);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await runs()).map((r) => [r.status, r.inserted, r.unchanged])).toEqual([
      ['succeeded', 3, 0],
      ['succeeded', 0, 3],
    ]);
  });

  it('a refused file rolls back its own writes and leaves the earlier import as it was', async () => {
    const earlier = await snapshot();
    expect(earlier.needs).toHaveLength(3);
    await expect(h.importFile(ImportKind.Bmo, REFUSED)).rejects.toBeInstanceOf(ImportFileError);
    expect(await snapshot()).toEqual(earlier);
    expect((await runs()).at(-1)).toMatchObject({ status: 'failed', rejected: 2, file_sha256: sha256(REFUSED) });
  });

  it('with skipBadRows, the valid rows land and the run records the rejected count', async () => {
    const report = await h.importFile(ImportKind.Bmo, REFUSED, { skipBadRows: true });
    expect(report).toMatchObject({ rowsRead: 4, inserted: 1, updated: 1 });
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect((await runs()).at(-1)).toMatchObject({ status: 'succeeded', skip_bad_rows: true, rows_read: 4, inserted: 1, updated: 1, rejected: 2, error: null });
  });

  it('a missing file is an ImportFileError saying so', async () => {
    const missing = importFixture('framework', 'absent.csv');
    const error = await h.importFile(ImportKind.Bmo, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).message).toContain(`fichier introuvable : ${missing}`);
    const runs = await h.dataSource.query(`SELECT status, file_name, error FROM import_runs WHERE file_name = 'absent.csv'`);
    expect(runs).toEqual([{ status: 'failed', file_name: 'absent.csv', error: expect.stringContaining('fichier introuvable') }]);
  });
});
