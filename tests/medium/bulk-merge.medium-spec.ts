import { DataSource, QueryRunner } from 'typeorm';
import { bulkMerge, copyRows, CopyValue, MergeSpec, removeMissing } from '../../src/infra/import/bulk-merge';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(60_000);

const TABLE = 'merge_probe';
const SPEC: MergeSpec = { table: TABLE, key: ['code', 'region'], columns: ['code', 'region', 'label', 'amount', 'tags', 'active'] };
const OLD = '2001-01-01T00:00:00.000Z';

interface ProbeRow {
  code: string;
  region: string;
  label: string | null;
  amount: number | null;
  tags: string[] | null;
  active: boolean | null;
  note: string | null;
  updated_at: Date;
}

describe('bulkMerge on PostgreSQL', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let runner: QueryRunner;

  beforeAll(async () => {
    ({ dataSource, close } = await createTestDataSource());
    await dataSource.query(`
      CREATE TABLE ${TABLE} (
        code text NOT NULL,
        region text NOT NULL,
        label text NULL,
        amount integer NULL,
        tags text[] NULL,
        active boolean NULL,
        note text NULL DEFAULT 'par défaut',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, region)
      )`);
  });
  afterAll(() => close());

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${TABLE}`);
    runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
  });
  afterEach(async () => {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  });

  const rows = async (): Promise<ProbeRow[]> => dataSource.query(`SELECT * FROM ${TABLE} ORDER BY code, region`);
  /** A merge in a transaction of its own, committed. */
  async function merge(input: Iterable<CopyValue[]>, spec: MergeSpec = SPEC) {
    const counts = await bulkMerge(runner, spec, input);
    await runner.commitTransaction();
    await runner.startTransaction();
    return counts;
  }
  /** The merge path stages rows in a temporary table (dropped at commit); the straight COPY does not. */
  const stageExists = async () => (await runner.query(`SELECT to_regclass('pg_temp.import_stage_${TABLE}') IS NOT NULL AS exists`))[0].exists as boolean;

  // A small array goes through one upsert statement; anything else (here a generator) through COPY and a
  // temporary table. Both paths must merge alike.
  const PATHS = [
    ['one upsert statement (small array)', (input: CopyValue[][]) => input],
    ['COPY and a temporary table (generator)', (input: CopyValue[][]) => (function* () { yield* input; })()],
  ] as const;

  it.each(PATHS)('inserts new rows, updates changed ones, leaves identical ones alone and writes nothing on a second run, through %s', async (_path, feed) => {
    expect(
      await merge(feed([
        ['A1', '75', 'un', 1, ['x'], true],
        ['A1', '76', 'un bis', 2, null, false],
        ['B2', '75', 'deux', null, [], null],
      ])),
    ).toEqual({ inserted: 3, updated: 0, unchanged: 0 });

    const second: CopyValue[][] = [
      ['A1', '75', 'un', 1, ['x'], true],
      ['A1', '76', 'un bis', 2, null, true],
      ['B2', '75', 'deux', 5, [], null],
      ['C3', '75', 'trois', 3, ['y', 'z'], false],
    ];
    expect(await merge(feed(second))).toEqual({ inserted: 1, updated: 2, unchanged: 1 });
    expect(await merge(feed(second))).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    expect((await rows()).map(({ code, region, label, amount, tags, active }) => [code, region, label, amount, tags, active])).toEqual(second);
  });

  it.each(PATHS)('writes only the listed columns and bumps updated_at only on rows that changed, through %s', async (_path, feed) => {
    await merge(feed([
      ['A1', '75', 'un', 1, null, true],
      ['B2', '75', 'deux', 2, null, true],
    ]));
    await dataSource.query(`UPDATE ${TABLE} SET note = 'saisie à la main', updated_at = $1`, [OLD]);

    const labelsOnly: MergeSpec = { table: TABLE, key: ['code', 'region'], columns: ['code', 'region', 'label'] };
    expect(
      await merge(
        feed([
          ['A1', '75', 'un'],
          ['B2', '75', 'deux renommé'],
        ]),
        labelsOnly,
      ),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 1 });

    const [a1, b2] = await rows();
    expect(a1).toMatchObject({ label: 'un', amount: 1, active: true, note: 'saisie à la main' });
    expect(a1.updated_at.toISOString()).toBe(OLD);
    expect(b2).toMatchObject({ label: 'deux renommé', amount: 2, active: true, note: 'saisie à la main' });
    expect(b2.updated_at.getTime()).toBeGreaterThan(new Date(OLD).getTime());
  });

  it('copies straight into the table when the scope has no row yet, and merges once it has', async () => {
    const scoped = (region: string): MergeSpec => ({ ...SPEC, scope: { column: 'region', values: [region] } });
    expect(await bulkMerge(runner, scoped('75'), [['A1', '75', 'un', 1, null, null]])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await stageExists()).toBe(false);
    // Another scope is still empty: straight COPY again, even though the table is not.
    expect(await bulkMerge(runner, scoped('76'), [['A1', '76', 'un', 1, null, null]])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await stageExists()).toBe(false);
    expect(await bulkMerge(runner, { ...SPEC, scope: { column: 'region', values: [] } }, [['B1', '77', 'b', 1, null, null]])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await stageExists()).toBe(false);

    expect(
      await bulkMerge(runner, scoped('75'), [
        ['A1', '75', 'un', 1, null, null],
        ['A2', '75', 'deux', 2, null, null],
      ]),
    ).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    expect(await stageExists()).toBe(true);
    await runner.commitTransaction();
    expect(await rows()).toHaveLength(4);
  });

  it('round-trips tabs, line breaks, backslashes, quotes, unicode and arrays through COPY, on both paths', async () => {
    const tricky: CopyValue[][] = [
      ['T1', '75', 'tab\tici', 1, ['dit "oui"', 'a,b', 'c\\d', '{x}', 'NULL'], true],
      ['T2', '75', 'ligne 1\nligne 2\r\nligne 3', 2, ['é\tè'], false],
      ['T3', '75', 'C:\\dossier\\N \\. « guillemets » — œuvre 🚀', 3, [], null],
      ['T4', '75', '', null, null, null],
    ];
    const check = async () => {
      const stored = await rows();
      expect(stored.map((r) => [r.code, r.region, r.label, r.amount, r.tags, r.active])).toEqual(tricky);
    };
    expect(await merge(tricky, { ...SPEC, scope: { column: 'region', values: ['75'] } })).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    await check();
    // Exact round-trip: the merge path sees every value as identical.
    expect(await merge(tricky)).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    await dataSource.query(`TRUNCATE ${TABLE}`);
    expect(await merge(tricky)).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    await check();
  });

  it('removeMissing deletes the scope rows the last staged merge did not have, and nothing after a straight COPY', async () => {
    const scoped = { ...SPEC, scope: { column: 'region', values: ['75'] } };
    await bulkMerge(runner, scoped, [['A1', '75', 'un', 1, null, null], ['A2', '75', 'deux', 2, null, null], ['B1', '76', 'autre', 1, null, null]]);
    expect(await removeMissing(runner, scoped)).toBe(0);
    await runner.commitTransaction();
    await runner.startTransaction();
    await bulkMerge(runner, scoped, [['A1', '75', 'un', 1, null, null]]);
    expect(await removeMissing(runner, scoped)).toBe(1);
    await runner.commitTransaction();
    expect((await rows()).map((r) => `${r.code}/${r.region}`)).toEqual(['A1/75', 'B1/76']);
  });

  it('pulls rows from a generator, across many COPY chunks', async () => {
    function* generated(count: number): Generator<CopyValue[]> {
      for (let i = 0; i < count; i++) yield [`G${String(i).padStart(5, '0')}`, '75', `ligne générée numéro ${i} `.repeat(3), i, null, i % 2 === 0];
    }
    expect(await merge(generated(5000))).toEqual({ inserted: 5000, updated: 0, unchanged: 0 });
    expect(await merge(generated(5200), { ...SPEC, scope: { column: 'region', values: ['75'] } })).toEqual({ inserted: 200, updated: 0, unchanged: 5000 });
    const [{ count, total }] = await dataSource.query(`SELECT count(*)::int AS count, sum(amount)::int AS total FROM ${TABLE}`);
    expect({ count, total }).toEqual({ count: 5200, total: (5199 * 5200) / 2 });
  });

  it('copyRows sends the rows in the order of the columns given', async () => {
    expect(await copyRows(runner, TABLE, ['region', 'code', 'note'], [['75', 'Z9', 'avec note']])).toBe(1);
    expect(await runner.query(`SELECT code, region, note, label FROM ${TABLE}`)).toEqual([{ code: 'Z9', region: '75', note: 'avec note', label: null }]);
  });

  describe('when the row source throws', () => {
    function* failingAfter(count: number): Generator<CopyValue[]> {
      for (let i = 0; i < count; i++) yield [`F${i}`, '75', 'x'.repeat(200), i, null, null];
      throw new Error('ligne 9999 : erreur dans le générateur');
    }

    it.each([
      ['straight COPY', { ...SPEC, scope: { column: 'region', values: ['75'] } }],
      ['merge', SPEC],
    ])('the error reaches the caller and the rollback undoes the whole transaction (%s)', async (_path, spec) => {
      await runner.query(`INSERT INTO ${TABLE} (code, region, label) VALUES ('AVANT', '99', 'dans la transaction')`);
      await expect(bulkMerge(runner, spec, failingAfter(2000))).rejects.toThrow('erreur dans le générateur');
      await runner.rollbackTransaction();
      expect(await rows()).toEqual([]);
      // The connection is still usable for the next import.
      await runner.startTransaction();
      expect(await bulkMerge(runner, SPEC, [['OK', '75', 'ensuite', 1, null, null]])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      await runner.commitTransaction();
      expect((await rows()).map((r) => r.code)).toEqual(['OK']);
    });
  });
});
