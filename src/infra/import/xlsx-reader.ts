import { unzipSync } from 'fflate';
import type { TabularData, TabularRow, TabularStream } from './csv-reader';
import { ImportFileError } from './import-errors';

export interface XlsxSheetInfo {
  name: string;
  path: string;
}

/** Chooses the sheet to read among the workbook's sheets; the default takes the largest one. */
export type SheetChooser = (sheets: XlsxSheetInfo[], sizes: Map<string, number>) => XlsxSheetInfo | undefined;

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(value: string): string {
  if (value.indexOf('&') === -1) return value;
  return value.replace(ENTITY, (_m, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(parseInt(dec, 10)) : NAMED[name],
  );
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes);
  return match ? unescapeXml(match[1]) : undefined;
}

/** Column index of a cell reference ("C12" → 2). */
export function columnIndex(ref: string): number {
  let index = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    index = index * 26 + (c - 64);
  }
  return index - 1;
}

/** Text of a shared string or inline string: the concatenated <t> runs, phonetic runs left out. */
function runsText(xml: string): string {
  const withoutPhonetic = xml.indexOf('<rPh') === -1 ? xml : xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  // The self-closing form is tried first: otherwise an empty run `<t/>` would swallow the next runs' markup.
  const run = /<t\b[^>]*\/>|<t\b[^>]*>([\s\S]*?)<\/t>/g;
  for (let m = run.exec(withoutPhonetic); m; m = run.exec(withoutPhonetic)) text += m[1] ?? '';
  return unescapeXml(text);
}

const largestSheet: SheetChooser = (sheets, sizes) => [...sheets].sort((a, b) => (sizes.get(b.path) ?? 0) - (sizes.get(a.path) ?? 0))[0];

/** One worksheet of an .xlsx file read into header + rows. */
export function readXlsx(bytes: Uint8Array, choose: SheetChooser = largestSheet): TabularData {
  const { header, rows } = xlsxStream(bytes, choose);
  return { header, rows: Array.from(rows) };
}

/**
 * Reads one worksheet of an .xlsx file as rows of text cells, the first non-empty row being the
 * header. Line numbers are the sheet's row numbers, as a spreadsheet user sees them.
 */
export function xlsxStream(bytes: Uint8Array, choose: SheetChooser = largestSheet): TabularStream {
  const sizes = new Map<string, number>();
  let meta: Record<string, Uint8Array>;
  try {
    meta = unzipSync(bytes, {
      filter: (file) => {
        sizes.set(file.name, file.originalSize);
        return file.name === 'xl/workbook.xml' || file.name === 'xl/_rels/workbook.xml.rels' || file.name === 'xl/sharedStrings.xml';
      },
    });
  } catch (error) {
    throw ImportFileError.at(1, `fichier xlsx illisible (archive invalide : ${(error as Error).message})`);
  }
  const decoder = new TextDecoder('utf-8');
  const workbook = meta['xl/workbook.xml'];
  const rels = meta['xl/_rels/workbook.xml.rels'];
  if (!workbook || !rels) throw ImportFileError.at(1, 'fichier xlsx illisible : classeur (xl/workbook.xml) absent');

  const targets = new Map<string, string>();
  for (const m of decoder.decode(rels).matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attribute(m[1], 'Id');
    const target = attribute(m[1], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: XlsxSheetInfo[] = [];
  for (const m of decoder.decode(workbook).matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = attribute(m[1], 'name');
    const path = targets.get(attribute(m[1], 'r:id') ?? '');
    if (name && path) sheets.push({ name, path });
  }
  const sheet = choose(sheets, sizes);
  if (!sheet) throw ImportFileError.at(1, `feuille de données introuvable dans le classeur (feuilles : ${sheets.map((s) => s.name).join(', ') || 'aucune'})`);

  const shared: string[] = [];
  if (meta['xl/sharedStrings.xml']) {
    const xml = decoder.decode(meta['xl/sharedStrings.xml']);
    for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(m[1] ? runsText(m[1]) : '');
  }

  const sheetBytes = unzipSync(bytes, { filter: (file) => file.name === sheet.path })[sheet.path];
  if (!sheetBytes) throw ImportFileError.at(1, `feuille « ${sheet.name} » absente de l'archive`);
  const xml = decoder.decode(sheetBytes);
  const records = sheetRows(xml, shared);
  const first = records.next();
  if (first.done) throw ImportFileError.at(1, `la feuille « ${sheet.name} » est vide`);
  let rowTags = 0;
  for (let at = xml.indexOf('<row'); at !== -1; at = xml.indexOf('<row', at + 4)) rowTags++;
  return { header: first.value.cells.map((h) => h.trim()), rows: { [Symbol.iterator]: () => records }, sizeHint: rowTags, decodeCell: (raw) => raw };
}

/** The non-empty rows of a worksheet's XML, with shared strings resolved. */
function* sheetRows(xml: string, shared: string[]): Generator<TabularRow> {
  const rowPattern = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  const cellPattern = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  let previousRow = 0;
  for (let rowMatch = rowPattern.exec(xml); rowMatch; rowMatch = rowPattern.exec(xml)) {
    const rowNumber = Number(attribute(rowMatch[1], 'r') ?? previousRow + 1);
    previousRow = rowNumber;
    const body = rowMatch[2];
    if (!body) continue;
    const cells: string[] = [];
    let nextColumn = 0;
    cellPattern.lastIndex = 0;
    for (let cell = cellPattern.exec(body); cell; cell = cellPattern.exec(body)) {
      const ref = attribute(cell[1], 'r');
      const column = ref ? columnIndex(ref) : nextColumn;
      nextColumn = column + 1;
      const content = cell[2];
      if (!content) continue;
      const type = attribute(cell[1], 't');
      let value: string;
      if (type === 'inlineStr') value = runsText(content);
      else {
        const v = /<v>([\s\S]*?)<\/v>/.exec(content);
        const raw = v ? unescapeXml(v[1]) : '';
        value = type === 's' ? (shared[Number(raw)] ?? '') : raw;
      }
      while (cells.length < column) cells.push('');
      cells[column] = value;
    }
    if (cells.some((c) => c !== '')) yield { line: rowNumber, cells };
  }
}
