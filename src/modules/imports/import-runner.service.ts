import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { ImportFileError } from '../../infra/import/import-errors';
import { ImporterRegistry } from './importer-registry';
import { ImportKind, ImportOptions, ImportOutcome, ImportProgress } from './importer';
import { ImportRunRecord, ImportRunsRepository } from './import-runs.repository';
import { SILENT_PROGRESS } from './progress-bar';

export interface ImportReport extends ImportOutcome {
  kind: ImportKind;
  file: string;
  durationMs: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = { skipBadRows: false, encoding: 'utf-8' };

/**
 * Digest of what an import reads: the files the importer names, else the file itself, or a folder's
 * files. Several files are hashed with their names, in name order, so the digest does not depend on
 * which of them the user named.
 */
async function sha256Of(path: string, named?: string[]): Promise<string> {
  const hash = createHash('sha256');
  const files = named
    ? [...named].sort((a, b) => basename(a).localeCompare(basename(b)))
    : (await stat(path)).isDirectory()
      ? (await readdir(path, { withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name)
          .sort()
          .map((name) => join(path, name))
      : [path];
  for (const file of files) {
    if (files.length > 1 || file !== path) hash.update(`${basename(file)}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Serialises imports across processes: two at once would race on the same rows (several kinds write
 * basins), and imports are rare enough for one lock to cost nothing. Held until commit or rollback.
 */
const IMPORT_LOCK = `SELECT pg_advisory_xact_lock(hashtext('passerelle-import'))`;

/**
 * Runs one importer on one file in one transaction: either the whole file lands or nothing does
 * (bad rows are only left out when the user asked to skip them). Every run is recorded in import_runs.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ImporterRegistry,
    private readonly runs: ImportRunsRepository,
    private readonly clock: Clock,
  ) {}

  async run(kind: ImportKind, path: string, options: Partial<ImportOptions> = {}, progress: ImportProgress = SILENT_PROGRESS): Promise<ImportReport> {
    const importer = this.registry.get(kind);
    if (!importer) throw new Error(`no importer registered for "${kind}"`);
    const settings = { ...DEFAULT_IMPORT_OPTIONS, ...options };
    const startedAt = this.clock.now();
    let fileSha256: string;
    try {
      fileSha256 = await sha256Of(path, await importer.inputFiles?.(path));
    } catch (error) {
      const failure =
        error instanceof ImportFileError
          ? error
          : ImportFileError.at(0, (error as NodeJS.ErrnoException).code === 'ENOENT' ? `fichier introuvable : ${path}` : `lecture impossible : ${(error as Error).message}`);
      // An unreadable file is a failed run too; there is nothing to digest.
      await this.recordFailure({ kind, fileName: basename(path), fileSha256: '', skipBadRows: settings.skipBadRows, startedAt }, failure);
      throw failure;
    }
    const record = { kind, fileName: basename(path), fileSha256, skipBadRows: settings.skipBadRows, startedAt };

    const runner = this.dataSource.createQueryRunner();
    let outcome: ImportOutcome;
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query(IMPORT_LOCK);
      outcome = await importer.importFile(path, { runner, options: settings, progress });
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await this.recordFailure(record, error);
      throw error;
    } finally {
      await runner.release();
    }

    await this.runs.record({
      ...record,
      status: 'succeeded',
      rowsRead: outcome.rowsRead,
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      rejected: outcome.rejected.length,
      error: null,
      finishedAt: this.clock.now(),
    });
    const notes = [...outcome.notes];
    // The data is committed: a failure afterwards (an index refresh) is told, not turned into a failed import.
    if (importer.afterCommit) {
      try {
        notes.push(...(await importer.afterCommit(outcome)));
      } catch (error) {
        this.logger.warn({ msg: 'after-commit step failed', kind, error: (error as Error).message });
        notes.push(`données importées, mais l'étape suivante a échoué : ${(error as Error).message}`);
      }
    }
    return { ...outcome, notes, kind, file: path, durationMs: this.clock.now().getTime() - startedAt.getTime() };
  }

  private async recordFailure(record: Pick<ImportRunRecord, 'kind' | 'fileName' | 'fileSha256' | 'skipBadRows' | 'startedAt'>, error: unknown): Promise<void> {
    const rowsRead = error instanceof ImportFileError ? error.rowsRead : 0;
    const rejected = error instanceof ImportFileError ? error.errors.length : 0;
    await this.runs
      .record({ ...record, status: 'failed', rowsRead, inserted: 0, updated: 0, unchanged: 0, rejected, error: (error as Error).message.slice(0, 2000), finishedAt: this.clock.now() })
      .catch((recordError) => this.logger.warn({ msg: 'import run not recorded', error: (recordError as Error).message }));
  }
}
