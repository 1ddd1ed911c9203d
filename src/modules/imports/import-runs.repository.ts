import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImportKind } from './importer';

export interface ImportRunRecord {
  kind: ImportKind;
  fileName: string;
  fileSha256: string;
  status: 'succeeded' | 'failed';
  skipBadRows: boolean;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/** The audit trail of imports: who loaded which file (by digest) when, and what it changed. */
@Injectable()
export class ImportRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(run: ImportRunRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO import_runs (kind, file_name, file_sha256, status, skip_bad_rows, rows_read, inserted, updated, unchanged, rejected, error, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [run.kind, run.fileName, run.fileSha256, run.status, run.skipBadRows, run.rowsRead, run.inserted, run.updated, run.unchanged, run.rejected, run.error, run.startedAt, run.finishedAt],
    );
  }

  async latestSucceeded(kind: ImportKind): Promise<{ fileName: string; finishedAt: Date } | null> {
    const rows: { fileName: string; finishedAt: Date }[] = await this.dataSource.query(
      `SELECT file_name AS "fileName", finished_at AS "finishedAt" FROM import_runs WHERE kind = $1 AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1`,
      [kind],
    );
    return rows[0] ?? null;
  }
}
