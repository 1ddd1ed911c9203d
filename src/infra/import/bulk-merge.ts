import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';

export type CopyValue = string | number | boolean | null | readonly string[];

/**
 * A row already in COPY text format (tab-separated, `\\N` for NULL, no newline), for hot paths whose
 * values are known not to need escaping. Build it with copyLine.
 */
export type CopyLine = string & { readonly __copyLine: true };

/** Joins values that need no escaping (validated codes, numbers, null) into a CopyLine. */
export function copyLine(values: readonly (string | number | null)[]): CopyLine {
  let line = values[0] === null ? '\\N' : String(values[0]);
  for (let i = 1; i < values.length; i++) line += values[i] === null ? '\t\\N' : '\t' + values[i];
  return line as CopyLine;
}

export type CopyRow = CopyValue[] | CopyLine;

export interface MergeSpec {
  table: string;
  /** Natural key of the table; rows are matched on it. */
  key: readonly string[];
  /** Columns this file provides, key included. Other columns of existing rows are left alone. */
  columns: readonly string[];
  /** When no row of the table has one of these values yet, rows are copied straight into the table. */
  scope?: { column: string; values: readonly (string | number)[] };
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeCopy(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One value in PostgreSQL's COPY text format. */
export function copyField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopy(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escapeCopy(`{${value.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

function* copyChunks(rows: Iterable<CopyRow>, counter: { rows: number }): Generator<string> {
  // Lines are joined once per chunk: appending them one by one to a string builds a rope that costs
  // more to allocate and flatten than the join.
  let lines: string[] = [];
  for (const row of rows) {
    counter.rows++;
    if (typeof row === 'string') {
      lines.push(row);
    } else {
      let line = copyField(row[0]);
      for (let i = 1; i < row.length; i++) line += '\t' + copyField(row[i]);
      lines.push(line);
    }
    if (lines.length === 2000) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const stageName = (table: string) => `import_stage_${table}`;

function connectionOf(runner: QueryRunner): PoolClient {
  const client = (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
  if (!client) throw new Error('bulkMerge needs a connected query runner');
  return client;
}

/**
 * COPY rows (in `columns` order) into a table of the runner's connection; returns how many were sent.
 * Rows may come from a generator: it is pulled as the socket drains, so the caller's per-row work runs
 * while PostgreSQL ingests the previous chunks.
 */
export async function copyRows(runner: QueryRunner, table: string, columns: readonly string[], rows: Iterable<CopyRow>): Promise<number> {
  const counter = { rows: 0 };
  const stream = connectionOf(runner).query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(rows, counter)), stream);
  return counter.rows;
}

/** Below this many rows, one upsert statement beats the temporary table's six round trips. */
const SMALL_MERGE_ROWS = 2000;

/**
 * The same merge as bulkMerge in one statement: the rows travel as JSON and take the table's own column
 * types through jsonb_populate_recordset; identical rows are not updated.
 */
async function smallMerge(runner: QueryRunner, spec: MergeSpec, rows: readonly CopyValue[][]): Promise<MergeCounts> {
  if (!rows.length) return { inserted: 0, updated: 0, unchanged: 0 };
  const table = ident(spec.table);
  const records = rows.map((row) => Object.fromEntries(spec.columns.map((column, i) => [column, row[i] ?? null])));
  const values = spec.columns.filter((c) => !spec.key.includes(c));
  const onConflict = values.length
    ? `DO UPDATE SET ${values.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}, updated_at = now()
        WHERE (${values.map((c) => `${table}.${ident(c)}`).join(', ')}) IS DISTINCT FROM (${values.map((c) => `EXCLUDED.${ident(c)}`).join(', ')})`
    : 'DO NOTHING';
  const written: { inserted: boolean }[] = await runner.query(
    `INSERT INTO ${table} (${spec.columns.map(ident).join(', ')})
     SELECT ${spec.columns.map(ident).join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${spec.key.map(ident).join(', ')}) ${onConflict}
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(records)],
  );
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}

/**
 * Inserts new rows, updates rows whose values changed and leaves identical rows untouched, so that
 * re-importing a file writes nothing. Rows go through COPY into a temporary table first; when the
 * scope is still empty they are copied straight into the table. Runs inside the caller's transaction.
 */
export async function bulkMerge(runner: QueryRunner, spec: MergeSpec, rows: Iterable<CopyRow>): Promise<MergeCounts> {
  const table = ident(spec.table);
  const columns = spec.columns.map(ident).join(', ');
  if (!spec.scope && Array.isArray(rows) && rows.length <= SMALL_MERGE_ROWS && rows.every((r) => typeof r !== 'string')) return smallMerge(runner, spec, rows as CopyValue[][]);

  if (spec.scope) {
    const [{ taken }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${ident(spec.scope.column)} = ANY($1)) AS taken`, [spec.scope.values]);
    if (!taken) {
      // A stage left by an earlier merge of this table in the transaction would mislead removeMissing.
      await runner.query(`DROP TABLE IF EXISTS ${ident(stageName(spec.table))}`);
      const inserted = await copyRows(runner, spec.table, spec.columns, rows);
      return { inserted, updated: 0, unchanged: 0 };
    }
  }

  const stage = stageName(spec.table);
  await runner.query(`DROP TABLE IF EXISTS ${ident(stage)}`);
  await runner.query(`CREATE TEMP TABLE ${ident(stage)} ON COMMIT DROP AS SELECT ${columns} FROM ${table} WITH NO DATA`);
  const staged = await copyRows(runner, stage, spec.columns, rows);
  if (!staged) return { inserted: 0, updated: 0, unchanged: 0 };
  await runner.query(`ANALYZE ${ident(stage)}`);

  const keyMatch = spec.key.map((k) => `t.${ident(k)} = s.${ident(k)}`).join(' AND ');
  const values = spec.columns.filter((c) => !spec.key.includes(c));
  let updated = 0;
  if (values.length) {
    const set = values.map((c) => `${ident(c)} = s.${ident(c)}`).join(', ');
    const changed = `(${values.map((c) => `t.${ident(c)}`).join(', ')}) IS DISTINCT FROM (${values.map((c) => `s.${ident(c)}`).join(', ')})`;
    const result = await runner.query(`UPDATE ${table} t SET ${set}, updated_at = now() FROM ${ident(stage)} s WHERE ${keyMatch} AND ${changed}`, [], true);
    updated = result.affected ?? 0;
  }
  const insert = await runner.query(
    `INSERT INTO ${table} (${columns}) SELECT ${spec.columns.map((c) => `s.${ident(c)}`).join(', ')} FROM ${ident(stage)} s
      WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${keyMatch})`,
    [],
    true,
  );
  const inserted = insert.affected ?? 0;
  return { inserted, updated, unchanged: staged - inserted - updated };
}

/**
 * After a staged bulkMerge with a scope, deletes the scope's rows that the file no longer has: a file that
 * covers its whole scope (a survey year) replaces it. Returns how many rows went.
 */
export async function removeMissing(runner: QueryRunner, spec: MergeSpec & { scope: NonNullable<MergeSpec['scope']> }): Promise<number> {
  // No temporary table means the rows were copied straight in: the scope was empty, nothing can be missing.
  const [{ staged }] = await runner.query(`SELECT to_regclass($1) IS NOT NULL AS staged`, [`pg_temp.${stageName(spec.table)}`]);
  if (!staged) return 0;
  const keyMatch = spec.key.map((k) => `t.${ident(k)} = s.${ident(k)}`).join(' AND ');
  const result = await runner.query(
    `DELETE FROM ${ident(spec.table)} t WHERE t.${ident(spec.scope.column)} = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM ${ident(stageName(spec.table))} s WHERE ${keyMatch})`,
    [spec.scope.values],
    true,
  );
  return result.affected ?? 0;
}
