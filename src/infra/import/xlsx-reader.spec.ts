import { strToU8, zipSync } from 'fflate';
import { readTabularFile } from './tabular-file';
import { ImportFileError } from './import-errors';
import { columnIndex, readXlsx, xlsxStream } from './xlsx-reader';
import { chooseBmoSheet } from '../../modules/basin-needs/bmo-format';
import { sharedData } from '../../../tests/support/reference-files';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface SheetSpec {
  name: string;
  rows: string;
}

/** A minimal .xlsx archive: workbook, its relationships, the shared strings and one XML part per sheet. */
function workbook(sheets: SheetSpec[], sharedStrings?: string[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
        sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `</Relationships>`,
    ),
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${s.rows}</sheetData></worksheet>`);
  });
  if (sharedStrings) {
    files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN_NS}" count="${sharedStrings.length}">${sharedStrings.join('')}</sst>`);
  }
  return zipSync(files);
}

const s = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
const n = (ref: string, value: string) => `<c r="${ref}"><v>${value}</v></c>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('columnIndex', () => {
  it('reads the letters of a cell reference as a zero-based column', () => {
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('C12')).toBe(2);
    expect(columnIndex('Z9')).toBe(25);
    expect(columnIndex('AA1')).toBe(26);
    expect(columnIndex('AZ3')).toBe(51);
    expect(columnIndex('XFD1048576')).toBe(16383);
  });
});

describe('readXlsx', () => {
  const shared = [
    '<si><t>code</t></si>',
    '<si><t>nom</t></si>',
    // Rich text: bold run then plain run, with a phonetic run that must be left out.
    '<si><r><rPr><b/><sz val="11"/></rPr><t>Poitiers </t></r><r><t xml:space="preserve">&amp; Châtellerault</t></r><rPh sb="0" eb="1"><t>ポ</t></rPh></si>',
    '<si><t>Cr&#233;teil &lt;94&gt; &#xE9;</t></si>',
    '<si><t/></si>',
    '<si><r><t/></r><r><t>après un run vide</t></r></si>',
  ];

  it('resolves shared strings with rich-text runs and entities, inline strings and numbers', () => {
    const bytes = workbook(
      [
        {
          name: 'Données',
          rows:
            `<row r="1">${s('A1', 0)}${s('B1', 1)}${inline('C1', 'effectif')}</row>` +
            `<row r="2">${n('A2', '7513')}${s('B2', 2)}${n('C2', '12.5')}</row>` +
            `<row r="3">${n('A3', '9401')}${s('B3', 3)}${inline('C3', 'a &amp; b')}</row>` +
            `<row r="4">${n('A4', '1')}${s('B4', 4)}${s('C4', 5)}</row>`,
        },
      ],
      shared,
    );
    expect(readXlsx(bytes)).toEqual({
      header: ['code', 'nom', 'effectif'],
      rows: [
        { line: 2, cells: ['7513', 'Poitiers & Châtellerault', '12.5'] },
        { line: 3, cells: ['9401', 'Créteil <94> é', 'a & b'] },
        { line: 4, cells: ['1', '', 'après un run vide'] },
      ],
    });
  });

  it('keeps skipped cells in their column and numbers rows as the sheet does, empty rows left out', () => {
    const bytes = workbook([
      {
        name: 'Feuil1',
        rows:
          `<row r="2">${inline('A2', 'a')}${inline('B2', 'b')}${inline('C2', 'c')}${inline('AA2', 'aa')}</row>` +
          `<row r="3">${inline('A3', 'x')}${inline('C3', 'z')}</row>` +
          `<row r="4"/>` +
          `<row r="5"><c r="A5" s="1"/><c r="B5" s="1"></c></row>` +
          `<row r="6">${inline('C6', 'seul')}</row>`,
      },
    ]);
    const { header, rows } = readXlsx(bytes);
    expect(header).toEqual(['a', 'b', 'c', ...Array<string>(23).fill(''), 'aa']);
    expect(rows).toEqual([
      { line: 3, cells: ['x', '', 'z'] },
      { line: 6, cells: ['', '', 'seul'] },
    ]);
  });

  it('reads the largest sheet by default and the one the chooser names otherwise', () => {
    const notice = { name: 'Notice', rows: `<row r="1">${inline('A1', 'lisez-moi')}</row>` };
    const data = {
      name: 'BMO_2024_open_data',
      rows: `<row r="1">${inline('A1', 'code')}</row>` + [2, 3, 4, 5].map((r) => `<row r="${r}">${n(`A${r}`, String(r))}</row>`).join(''),
    };
    const small = { name: 'Petite', rows: `<row r="1">${inline('A1', 'petite')}</row><row r="2">${n('A2', '1')}</row>` };
    const bytes = workbook([notice, small, data]);
    expect(readXlsx(bytes).header).toEqual(['code']);
    expect(readXlsx(bytes, (sheets) => sheets.find((sheet) => sheet.name === 'Petite')).rows).toEqual([{ line: 2, cells: ['1'] }]);
    // The BMO chooser goes by name, even when the notice sheet is the larger one.
    const longNotice = { name: 'Notice', rows: Array.from({ length: 40 }, (_, i) => `<row r="${i + 1}">${inline(`A${i + 1}`, 'texte de la notice')}</row>`).join('') };
    expect(readXlsx(workbook([longNotice, data])).header).toEqual(['texte de la notice']);
    expect(readXlsx(workbook([longNotice, data]), chooseBmoSheet).rows).toHaveLength(4);
    const missing = fileError(() => readXlsx(bytes, () => undefined));
    expect(missing.errors[0].message).toContain('feuilles : Notice, Petite, BMO_2024_open_data');
  });

  it('reads rows and cells that carry no reference, an absolute sheet target and an escaped sheet name', () => {
    const bytes = zipSync({
      'xl/workbook.xml': strToU8(`<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="R&amp;D" sheetId="1" r:id="rId7"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(`<Relationships><Relationship Id="rId7" Type="${REL_NS}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`),
      'xl/worksheets/data.xml': strToU8(
        `<worksheet xmlns="${MAIN_NS}"><sheetData>` +
          `<row><c t="inlineStr"><is><t>code</t></is></c><c t="inlineStr"><is><t>nom</t></is></c></row>` +
          `<row><c><v>1</v></c><c t="inlineStr"><is><t>un</t></is></c></row>` +
          `<row r="5"><c><v>5</v></c><c r="C5"><v>c</v></c><c><v>d</v></c></row>` +
          `</sheetData></worksheet>`,
      ),
    });
    let chosen = '';
    const { header, rows } = readXlsx(bytes, (sheets) => {
      chosen = sheets.map((sheet) => `${sheet.name} → ${sheet.path}`).join();
      return sheets[0];
    });
    expect(chosen).toBe('R&D → xl/worksheets/data.xml');
    expect(header).toEqual(['code', 'nom']);
    expect(rows).toEqual([
      { line: 2, cells: ['1', 'un'] },
      { line: 5, cells: ['5', '', 'c', 'd'] },
    ]);
  });

  it('gives a size hint at least as large as the number of rows', () => {
    const stream = xlsxStream(workbook([{ name: 'F', rows: `<row r="1">${inline('A1', 'h')}</row><row r="2">${n('A2', '1')}</row><row r="3"/>` }]));
    expect(stream.sizeHint).toBeGreaterThanOrEqual(1);
    expect(Array.from(stream.rows)).toEqual([{ line: 2, cells: ['1'] }]);
  });

  it('refuses a file that is not a zip archive, an archive without a workbook, and an empty sheet', () => {
    expect(fileError(() => readXlsx(strToU8('code;nom\n1;Un\n'))).errors[0]).toEqual({ line: 1, message: expect.stringContaining('fichier xlsx illisible') });
    expect(fileError(() => readXlsx(zipSync({ 'hello.txt': strToU8('bonjour') }))).errors[0].message).toContain('xl/workbook.xml');
    expect(fileError(() => readXlsx(workbook([{ name: 'Vide', rows: '<row r="1"/>' }]))).errors[0].message).toContain('« Vide » est vide');
  });
});

describe('the official BMO 2024 workbook', () => {
  it('reads the open-data sheet like its CSV export: header, 53,443 rows, same first row', async () => {
    const xlsx = await readTabularFile(sharedData('bmo', 'official', 'Base_open_data_BMO_2024.xlsx'), { chooseSheet: chooseBmoSheet });
    const csv = await readTabularFile(sharedData('bmo', 'bmo_2024_france.csv'));
    expect(xlsx.header).toEqual(['annee', 'Code métier BMO', 'Nom métier BMO', 'Famille_met', 'Lbl_fam_met', 'REG', 'NOM_REG', 'Dept', 'NomDept', 'BE24', 'NOMBE24', 'met', 'xmet', 'smet']);
    expect(csv.header).toEqual(xlsx.header);
    expect(xlsx.rows).toHaveLength(53443);
    expect(xlsx.rows[0].line).toBe(2);
    expect(xlsx.rows[0].cells).toEqual(csv.rows[0].cells);
  }, 60_000);
});
