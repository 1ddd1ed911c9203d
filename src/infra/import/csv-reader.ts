import { ImportFileError } from './import-errors';

/** One record of a tabular file, with the line it starts on (the header is line 1). */
export interface TabularRow {
  line: number;
  cells: string[];
}

export interface TabularData {
  header: string[];
  rows: TabularRow[];
}

const QUOTE = 34;
const CR = 13;
const CANDIDATE_DELIMITERS = [',', ';', '\t'];

/** Picks the delimiter that splits the header line most: French exports use ";" as often as ",". */
export function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  // Quoted names are left out: in `"Nom, prénom";Code` the comma is part of a name, not a delimiter.
  const headerLine = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '""');
  let best = ',';
  let bestCount = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const count = headerLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** A tabular file read lazily: rows are produced one at a time, so a big file's rows die young. */
export interface TabularStream {
  header: string[];
  rows: Iterable<TabularRow>;
  /** Upper bound of the number of data rows, for progress bars. */
  sizeHint: number;
  /** Turns a cell into text: the identity, unless the file was read byte-wise (see decodeBytewise). */
  decodeCell: (raw: string) => string;
}

/**
 * RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes); blank lines
 * are skipped. It is on the hot path of the national BMO import: lines without a quote are split
 * natively, only quoted records go through the character-level parser, and records are yielded one at
 * a time instead of being kept.
 */
export function* csvRecords(text: string, delimiter: string): Generator<TabularRow> {
  let from = 0;
  let lineNumber = 0;
  const length = text.length;
  while (from < length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = length;
    let record = text.slice(from, to);
    from = to + 1;
    const startLine = ++lineNumber;
    if (record.indexOf('"') === -1) {
      if (record.charCodeAt(record.length - 1) === CR) record = record.slice(0, -1);
      if (record !== '') yield { line: startLine, cells: record.split(delimiter) };
      continue;
    }
    // A quoted field may hold line breaks: extend the record while it ends inside an open quoted field.
    // (Counting quotes is not enough: a stray quote in an unquoted field would swallow the next record.)
    let cells = parseQuotedRecord(withoutCr(record), delimiter.charCodeAt(0), startLine);
    while (!cells) {
      if (from >= length) throw ImportFileError.at(startLine, 'guillemet non fermé : le champ ouvert ici ne se termine jamais');
      to = text.indexOf('\n', from);
      if (to === -1) to = length;
      record += '\n' + text.slice(from, to);
      from = to + 1;
      lineNumber++;
      cells = parseQuotedRecord(withoutCr(record), delimiter.charCodeAt(0), startLine);
    }
    yield { line: startLine, cells };
  }
}

function withoutCr(record: string): string {
  return record.charCodeAt(record.length - 1) === CR ? record.slice(0, -1) : record;
}

/** Header and lazily parsed rows of a CSV text. */
export function csvStream(text: string, delimiter = detectDelimiter(text), decodeCell = (raw: string) => raw): TabularStream {
  const records = csvRecords(text, delimiter);
  const first = records.next();
  if (first.done) throw ImportFileError.at(1, 'fichier vide : une ligne d’en-tête est attendue');
  let newlines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines++;
  return { header: first.value.cells.map((h) => decodeCell(h).trim()), rows: { [Symbol.iterator]: () => records }, sizeHint: newlines, decodeCell };
}

/** The whole CSV text parsed into header + rows. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): TabularData {
  const { header, rows } = csvStream(text, delimiter);
  return { header, rows: Array.from(rows) };
}

/**
 * Splits one record holding quoted fields (a quote inside an unquoted field is kept as text); undefined
 * when the record ends inside a quoted field. `line` is where the record starts, for error messages.
 */
function parseQuotedRecord(record: string, sep: number, line: number): string[] | undefined {
  const cells: string[] = [];
  const length = record.length;
  let pos = 0;
  for (;;) {
    if (record.charCodeAt(pos) === QUOTE) {
      let value = '';
      let from = pos + 1;
      for (;;) {
        const q = record.indexOf('"', from);
        if (q === -1) return undefined;
        if (record.charCodeAt(q + 1) === QUOTE) {
          value += record.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += record.slice(from, q);
        pos = q + 1;
        break;
      }
      cells.push(value);
      if (pos >= length) return cells;
      if (record.charCodeAt(pos) !== sep) throw ImportFileError.at(line, 'caractère inattendu après un champ entre guillemets');
      pos++;
    } else {
      const next = record.indexOf(String.fromCharCode(sep), pos);
      if (next === -1) {
        cells.push(record.slice(pos));
        return cells;
      }
      cells.push(record.slice(pos, next));
      pos = next + 1;
    }
    if (pos >= length) {
      cells.push('');
      return cells;
    }
  }
}
