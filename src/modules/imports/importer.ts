import type { QueryRunner } from 'typeorm';
import type { RowError } from '../../infra/import/import-errors';
import type { FileEncoding } from '../../infra/import/text-decoding';

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
}

/** Collects per-row errors and duplicate keys while an importer validates its rows. */
export class RowValidator {
  readonly errors: RowError[] = [];
  private readonly seen = new Map<string, number>();

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

/** Common patterns of the official files, with the French message shown when a value does not fit. */
export const CODE_FORMATS = {
  rome: { pattern: /^[A-Z][0-9]{4}$/, expected: 'une lettre majuscule et 4 chiffres, ex. F1606' },
  basin: { pattern: /^[0-9]{3,4}$/, expected: '3 ou 4 chiffres, ex. 7513' },
  department: { pattern: /^([0-9]{2}|2A|2B|9[78][0-9])$/, expected: '2 chiffres, 2A, 2B ou 3 chiffres outre-mer, ex. 86 ou 971' },
  region: { pattern: /^[0-9]{2}$/, expected: '2 chiffres, ex. 75' },
  commune: { pattern: /^([0-9]{2}|2A|2B)[0-9]{3}$/, expected: '5 caractères, ex. 86194 ou 2A004' },
  postcode: { pattern: /^[0-9]{5}$/, expected: '5 chiffres, ex. 86000' },
  fap: { pattern: /^[A-Z][0-9A-Z][A-Z][0-9]{2}$/, expected: 'code FAP 2021 à 5 caractères, ex. B2Z40' },
} as const;

/** Checks a value against a code format; records an error and returns undefined when it does not fit. */
export function checkCode(validator: RowValidator, line: number, kind: keyof typeof CODE_FORMATS, label: string, value: string): string | undefined {
  const format = CODE_FORMATS[kind];
  if (format.pattern.test(value)) return value;
  validator.reject(line, `${label} invalide « ${value} » (attendu : ${format.expected})`);
  return undefined;
}
