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
const LF = 10;
const CR = 13;
const CANDIDATE_DELIMITERS = [',', ';', '\t'];

/** Picks the delimiter that splits the header line most: French exports use ";" as often as ",". */
export function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const headerLine = end === -1 ? text : text.slice(0, end);
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

/**
 * RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes). Hand-written
 * because it is on the hot path of the national BMO import; blank lines are skipped.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): TabularData {
  const sep = delimiter.charCodeAt(0);
  const length = text.length;
  const records: TabularRow[] = [];
  let line = 1;
  let pos = 0;

  while (pos < length) {
    const recordLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let chunkStart = pos + 1;
        let i = chunkStart;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw ImportFileError.at(recordLine, 'guillemet non fermé : le champ ouvert ici ne se termine jamais');
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(chunkStart, q + 1);
            chunkStart = i = q + 2;
            continue;
          }
          value += text.slice(chunkStart, q);
          pos = q + 1;
          break;
        }
        cells.push(value);
        const c = text.charCodeAt(pos);
        if (c === sep) pos++;
        else if (pos >= length) endOfRecord = true;
        else if (c === LF || c === CR) {
          pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
          line++;
          endOfRecord = true;
        } else throw ImportFileError.at(line, 'caractère inattendu après un champ entre guillemets');
      } else {
        let i = pos;
        let c = 0;
        while (i < length) {
          c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
        cells.push(text.slice(pos, i));
        if (i >= length) {
          pos = length;
          endOfRecord = true;
        } else if (c === sep) {
          pos = i + 1;
          if (pos >= length) {
            cells.push('');
            endOfRecord = true;
          }
        } else {
          pos = i + (c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1);
          line++;
          endOfRecord = true;
        }
      }
    }
    if (cells.length === 1 && cells[0] === '') continue;
    records.push({ line: recordLine, cells });
  }

  if (!records.length) throw ImportFileError.at(1, 'fichier vide : une ligne d’en-tête est attendue');
  const [headerRecord, ...rows] = records;
  return { header: headerRecord.cells.map((h) => h.trim()), rows };
}
