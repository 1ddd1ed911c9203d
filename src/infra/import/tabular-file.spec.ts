import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFileError } from './import-errors';
import { ColumnSpec, headerMatches, normalizeHeader, readTabularFile, resolveColumns } from './tabular-file';

const SPEC = {
  code: ['code_bassin', 'be24', 'code'],
  name: ['nom_bassin', 'nombe24'],
  region: ['code_region', 'reg'],
  population: ['population'],
} as const satisfies ColumnSpec<string>;

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('normalizeHeader', () => {
  it('lowercases, drops accents and turns runs of other characters into one underscore', () => {
    expect(normalizeHeader('Code métier BMO')).toBe('code_metier_bmo');
    expect(normalizeHeader('  Libellé  (FAP 2021) ')).toBe('libelle_fap_2021');
    expect(normalizeHeader('NOMBE24')).toBe('nombe24');
    expect(normalizeHeader('Région/Département')).toBe('region_departement');
    expect(normalizeHeader('Lbl_fam_met')).toBe('lbl_fam_met');
    expect(normalizeHeader('')).toBe('');
  });
});

describe('resolveColumns', () => {
  it('maps each field to its column, whichever alias the header uses', () => {
    expect(resolveColumns(['REG', 'Nom bassin', 'BE24', 'Population'], SPEC)).toEqual({ code: 2, name: 1, region: 0, population: 3 });
  });

  it('prefers the first alias of the spec when the header has several', () => {
    expect(resolveColumns(['code', 'Code bassin', 'nom_bassin', 'reg', 'population'], SPEC).code).toBe(1);
  });

  it('gives -1 for an absent optional field', () => {
    expect(resolveColumns(['code_bassin', 'nom_bassin', 'reg'], SPEC, ['population'])).toEqual({ code: 0, name: 1, region: 2, population: -1 });
  });

  it('fails at line 1 naming every missing column by its official name, and the columns found', () => {
    const error = fileError(() => resolveColumns(['code', 'libellé'], SPEC, ['population']));
    expect(error.errors).toEqual([{ line: 1, message: 'colonne(s) manquante(s) : nom_bassin, code_region (colonnes trouvées : code, libellé)' }]);
    expect(fileError(() => resolveColumns([], SPEC)).errors[0].message).toBe(
      'colonne(s) manquante(s) : code_bassin, nom_bassin, code_region, population (colonnes trouvées : aucune)',
    );
  });
});

describe('headerMatches', () => {
  it('is true only when every field of the spec has a column', () => {
    expect(headerMatches(['BE24', 'NOMBE24', 'REG', 'Population', 'autre'], SPEC)).toBe(true);
    expect(headerMatches(['BE24', 'NOMBE24', 'REG'], SPEC)).toBe(false);
    expect(headerMatches([], { only: ['x'] })).toBe(false);
  });
});

describe('readTabularFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tabular-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a semicolon CSV with a byte order mark', async () => {
    const path = join(dir, 'bom.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Code bassin;Nom\n7513;Poitiers\n')]));
    expect(await readTabularFile(path)).toEqual({ header: ['Code bassin', 'Nom'], rows: [{ line: 2, cells: ['7513', 'Poitiers'] }] });
  });

  it('decodes windows-1252 when asked, and refuses it otherwise', async () => {
    const path = join(dir, 'latin.csv');
    writeFileSync(path, Buffer.from('code,nom\n9401,Cr\xe9teil\n', 'latin1'));
    expect((await readTabularFile(path, { encoding: 'windows-1252' })).rows[0].cells).toEqual(['9401', 'Créteil']);
    await expect(readTabularFile(path)).rejects.toMatchObject({ errors: [{ line: 2, message: expect.stringContaining('--encoding windows-1252') }] });
  });

  it('reports a missing file as an ImportFileError', async () => {
    const error = await readTabularFile(join(dir, 'absent.csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).message).toContain('fichier introuvable');
  });
});
