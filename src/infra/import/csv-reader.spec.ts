import { csvRecords, csvStream, detectDelimiter, parseCsv } from './csv-reader';
import { ImportFileError } from './import-errors';

/** The ImportFileError thrown by fn; fails the test when fn succeeds or throws something else. */
function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('detectDelimiter', () => {
  it('picks the character that splits the header line most', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,2,3,4,5\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\r\n1,2\r\n')).toBe('\t');
    expect(detectDelimiter('code_bassin;nom, avec virgule;dept')).toBe(';');
  });

  it('ignores delimiters inside quoted header names', () => {
    expect(detectDelimiter('"Nom, prénom";Code\n"Dupont, Jean";1\n')).toBe(';');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(parseCsv('"Libellé, long";"Code"\n"Peintre, bâtiment";B2Z40\n')).toEqual({
      header: ['Libellé, long', 'Code'],
      rows: [{ line: 2, cells: ['Peintre, bâtiment', 'B2Z40'] }],
    });
  });

  it('falls back to a comma for a single-column file', () => {
    expect(detectDelimiter('code\n1\n2\n')).toBe(',');
  });
});

describe('parseCsv', () => {
  it('reads a plain file with its line numbers and a trimmed header', () => {
    expect(parseCsv(' code , nom\n1,Un\n2,Deux\n')).toEqual({
      header: ['code', 'nom'],
      rows: [
        { line: 2, cells: ['1', 'Un'] },
        { line: 3, cells: ['2', 'Deux'] },
      ],
    });
  });

  it('reads quoted fields holding the delimiter and doubled quotes', () => {
    const { rows } = parseCsv('code,nom,note\n1,"Dupont, Jean","il a dit ""oui"""\n2,"",x\n');
    expect(rows).toEqual([
      { line: 2, cells: ['1', 'Dupont, Jean', 'il a dit "oui"'] },
      { line: 3, cells: ['2', '', 'x'] },
    ]);
  });

  it('keeps newlines inside quotes and numbers the following records by their physical line', () => {
    const text = 'code,adresse\n1,"12 rue Haute\nBP 4\n86000 Poitiers"\n2,"Quai, ""Est"""\n3,simple\n';
    expect(parseCsv(text).rows).toEqual([
      { line: 2, cells: ['1', '12 rue Haute\nBP 4\n86000 Poitiers'] },
      { line: 5, cells: ['2', 'Quai, "Est"'] },
      { line: 6, cells: ['3', 'simple'] },
    ]);
  });

  it('reads CRLF files, without a trailing carriage return in the last cell', () => {
    const { header, rows } = parseCsv('code;nom\r\n1;Un\r\n2;"Deux"\r\n3;"Trois\r\nlignes"\r\n4;Quatre');
    expect(header).toEqual(['code', 'nom']);
    expect(rows).toEqual([
      { line: 2, cells: ['1', 'Un'] },
      { line: 3, cells: ['2', 'Deux'] },
      { line: 4, cells: ['3', 'Trois\r\nlignes'] },
      { line: 6, cells: ['4', 'Quatre'] },
    ]);
  });

  it('keeps a trailing empty field, quoted or not', () => {
    expect(parseCsv('a,b,c\n1,2,\n"1","2",\n,,\n').rows.map((r) => r.cells)).toEqual([
      ['1', '2', ''],
      ['1', '2', ''],
      ['', '', ''],
    ]);
  });

  it('skips blank lines, LF or CRLF, and keeps counting them', () => {
    expect(parseCsv('a,b\n\n1,2\r\n\r\n\n3,4\n\n').rows).toEqual([
      { line: 3, cells: ['1', '2'] },
      { line: 6, cells: ['3', '4'] },
    ]);
  });

  it('reads tab-separated files', () => {
    expect(parseCsv('a\tb\n1\tx, y\n').rows).toEqual([{ line: 2, cells: ['1', 'x, y'] }]);
  });

  it('refuses an unterminated quote, naming the line where the field starts', () => {
    const error = fileError(() => parseCsv('a,b\n1,2\n3,"jamais fermé\n4,5\n6,7\n'));
    expect(error.errors).toEqual([{ line: 3, message: expect.stringContaining('guillemet non fermé') }]);
  });

  it('refuses garbage after a closing quote', () => {
    const error = fileError(() => parseCsv('a,b\n1,2\n"x"y,3\n'));
    expect(error.errors).toEqual([{ line: 3, message: 'caractère inattendu après un champ entre guillemets' }]);
  });

  it('keeps a stray quote of an unquoted field as text instead of merging it with the next record', () => {
    expect(parseCsv('a,b\nécran 5",1\nécran 7",2\n3,"x"\n').rows).toEqual([
      { line: 2, cells: ['écran 5"', '1'] },
      { line: 3, cells: ['écran 7"', '2'] },
      { line: 4, cells: ['3', 'x'] },
    ]);
  });

  it('refuses an empty file or one made of blank lines', () => {
    expect(fileError(() => parseCsv('')).errors).toEqual([{ line: 1, message: expect.stringContaining('fichier vide') }]);
    expect(fileError(() => parseCsv('\n\r\n')).errors[0].message).toContain('fichier vide');
  });

  it('reads a header-only file as no rows', () => {
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [] });
  });
});

describe('csvStream and csvRecords', () => {
  it('gives a size hint that bounds the number of data rows', () => {
    const withNewline = csvStream('a,b\n1,2\n3,4\n');
    expect(withNewline.sizeHint).toBeGreaterThanOrEqual(2);
    expect(withNewline.sizeHint).toBeLessThanOrEqual(3);
    expect(csvStream('a,b\n1,2\n3,4').sizeHint).toBe(2);
    expect(Array.from(withNewline.rows)).toHaveLength(2);
  });

  it('parses lazily: an error in a later row surfaces only when iterating reaches it', () => {
    const stream = csvStream('a,b\n1,2\n"oops\n');
    const iterator = stream.rows[Symbol.iterator]();
    expect(iterator.next().value).toEqual({ line: 2, cells: ['1', '2'] });
    expect(() => iterator.next()).toThrow(ImportFileError);
  });

  it('yields every record with the delimiter given, header included', () => {
    expect(Array.from(csvRecords('x|y;z\n', ';'))).toEqual([{ line: 1, cells: ['x|y', 'z'] }]);
  });
});
