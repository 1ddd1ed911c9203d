import type { QueryRunner } from 'typeorm';
import { ImportFileError, RowError } from '../../infra/import/import-errors';
import type { FileEncoding } from '../../infra/import/text-decoding';
import { CODE_FORMATS } from '../../common/validation/code-formats';

/** What `cli import <kind> <file>` can load. */
export enum ImportKind {
  Rome = 'rome',
  Basins = 'basins',
  Communes = 'communes',
  Establishments = 'establishments',
  Bmo = 'bmo',
  Crosswalk = 'crosswalk',
}

export interface ImportOptions {
  /** Import the valid rows and report the others, instead of refusing the whole file. */
  skipBadRows: boolean;
  encoding: FileEncoding;
}

/** Progress of one import, shown as a bar on a terminal. */
export interface ImportProgress {
  /** Starts a phase ("Validation", "Écriture"); with a total, advance() moves a bar. */
  phase(label: string, total?: number): void;
  advance(count?: number): void;
}

export interface ImportContext {
  /** A connected query runner inside the file's transaction. */
  runner: QueryRunner;
  options: ImportOptions;
  progress: ImportProgress;
}

export interface ImportOutcome {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows left out (only when skipBadRows; otherwise any bad row fails the file). */
  rejected: RowError[];
  /** Extra facts worth telling the user ("12 bassins créés"). */
  notes: string[];
}

/** One importer per kind. It reads, validates and writes one file inside the transaction it is given. */
export interface Importer {
  readonly kind: ImportKind;
  /** Throws ImportFileError when the file, or (without skipBadRows) any of its rows, is invalid. */
  importFile(path: string, context: ImportContext): Promise<ImportOutcome>;
  /** Work after the commit, such as refreshing a search index; returns notes for the summary. */
  afterCommit?(outcome: ImportOutcome): Promise<string[]>;
  /**
   * The files an import of `path` reads, when that is not `path` alone (ROME: the five files of the
   * export, whichever one was named), so that import_runs records a digest of what was really loaded.
   */
  inputFiles?(path: string): Promise<string[]>;
}

/** Collects per-row errors and duplicate keys while an importer validates its rows. */
export class RowValidator {
  readonly errors: RowError[] = [];
  private readonly seen = new Map<string, number>();

  /** Refuses the whole file when a row was rejected, unless the user asked to skip bad rows. */
  refuseFileUnlessSkipping(skipBadRows: boolean, rowsRead: number): void {
    if (this.errors.length && !skipBadRows) throw new ImportFileError(this.errors, rowsRead);
  }

  reject(line: number, message: string): void {
    this.errors.push({ line, message });
  }

  /** Records the key; false (and an error) when an earlier line had the same key. A label function is only called then. */
  unique(key: string, line: number, label: string | (() => string)): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.reject(line, `${typeof label === 'function' ? label() : label} en double (déjà présent ligne ${first})`);
      return false;
    }
    this.seen.set(key, line);
    return true;
  }
}

export { CODE_FORMATS } from '../../common/validation/code-formats';

/** Checks a value against a code format; records an error and returns undefined when it does not fit. */
export function checkCode(validator: RowValidator, line: number, kind: keyof typeof CODE_FORMATS, label: string, value: string): string | undefined {
  const format = CODE_FORMATS[kind];
  if (format.pattern.test(value)) return value;
  validator.reject(line, `${label} invalide « ${value} » (attendu : ${format.expected})`);
  return undefined;
}
