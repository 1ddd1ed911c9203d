import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';

export type CopyValue = string | number | boolean | null | readonly string[];

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

function* copyChunks(rows: Iterable<CopyValue[]>, counter: { rows: number }): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    counter.rows++;
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyField(row[i]);
    chunk += line + '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

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
export async function copyRows(runner: QueryRunner, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<number> {
  const counter = { rows: 0 };
  const stream = connectionOf(runner).query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(rows, counter)), stream);
  return counter.rows;
}

/**
 * Inserts new rows, updates rows whose values changed and leaves identical rows untouched, so that
 * re-importing a file writes nothing. Rows go through COPY into a temporary table first; when the
 * scope is still empty they are copied straight into the table. Runs inside the caller's transaction.
 */
export async function bulkMerge(runner: QueryRunner, spec: MergeSpec, rows: Iterable<CopyValue[]>): Promise<MergeCounts> {
  const table = ident(spec.table);
  const columns = spec.columns.map(ident).join(', ');

  if (spec.scope) {
    const [{ taken }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${ident(spec.scope.column)} = ANY($1)) AS taken`, [spec.scope.values]);
    if (!taken) {
      const inserted = await copyRows(runner, spec.table, spec.columns, rows);
      return { inserted, updated: 0, unchanged: 0 };
    }
  }

  const stage = `import_stage_${spec.table}`;
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
