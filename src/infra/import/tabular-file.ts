import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { identifierKey } from '../../common/text/fold';
import { csvStream, detectDelimiter, TabularData, TabularStream } from './csv-reader';
import { ImportFileError } from './import-errors';
import { decodeBytewise, decodeText, FileEncoding } from './text-decoding';
import { SheetChooser, xlsxStream } from './xlsx-reader';

export interface ReadOptions {
  encoding?: FileEncoding;
  chooseSheet?: SheetChooser;
  /** CSV cells come one character per byte; the stream's decodeCell turns those kept into text (hot paths only). */
  bytewise?: boolean;
}

/** Reads a CSV (any of , ; tab) or an .xlsx file into header + rows of text cells. */
export async function readTabularFile(path: string, options: ReadOptions = {}): Promise<TabularData> {
  const { header, rows } = await openTabularFile(path, options);
  return { header, rows: Array.from(rows) };
}

/** Like readTabularFile, but rows are parsed as they are iterated (once): for the big files. */
export async function openTabularFile(path: string, options: ReadOptions = {}): Promise<TabularStream> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw ImportFileError.at(0, error.code === 'ENOENT' ? `fichier introuvable : ${path}` : `lecture impossible : ${error.message}`);
  });
  if (extname(path).toLowerCase() === '.xlsx' || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return xlsxStream(bytes, options.chooseSheet);
  if (!options.bytewise) return csvStream(decodeText(bytes, options.encoding));
  const { text, decode } = decodeBytewise(bytes, options.encoding);
  return csvStream(text, detectDelimiter(text), decode);
}

/** Header names compared without case, accents, spaces or punctuation ("Code métier BMO" → code_metier_bmo). */
export function normalizeHeader(name: string): string {
  return identifierKey(name);
}

/** For each field, the header names (normalised) that may carry it, the first one being the official name. */
export type ColumnSpec<K extends string> = Record<K, readonly string[]>;

/** True when every field of the spec has a column: used to recognise a file's format from its header. */
export function headerMatches<K extends string>(header: string[], spec: ColumnSpec<K>): boolean {
  const names = new Set(header.map(normalizeHeader));
  return (Object.values(spec) as string[][]).every((aliases) => aliases.some((a) => names.has(a)));
}

/** Column positions of the spec's fields; a missing column fails the whole file, naming every absent one. */
export function resolveColumns<K extends string>(header: string[], spec: ColumnSpec<K>, optional: readonly K[] = []): Record<K, number> {
  const positions = new Map(header.map((h, i) => [normalizeHeader(h), i] as const));
  const result = {} as Record<K, number>;
  const missing: string[] = [];
  for (const field of Object.keys(spec) as K[]) {
    const aliases = spec[field];
    const found = aliases.map((a) => positions.get(a)).find((p) => p !== undefined);
    if (found === undefined) {
      if (!optional.includes(field)) missing.push(aliases[0]);
      result[field] = -1;
    } else result[field] = found;
  }
  if (missing.length) {
    throw ImportFileError.at(
      1,
      `colonne(s) manquante(s) : ${missing.join(', ')} (colonnes trouvées : ${header.join(', ') || 'aucune'})`,
    );
  }
  return result;
}
