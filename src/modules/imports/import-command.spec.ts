import { ImportFileError } from '../../infra/import/import-errors';
import { formatImportError, formatReport, parseImportArgs } from './import-command';
import { ImportKind } from './importer';
import type { ImportReport } from './import-runner.service';

/** French number formatting separates thousands with a narrow no-break space. */
const fr = (text: string) => text.replace(/ /g, '\u202f');

describe('parseImportArgs', () => {
  it('reads the kind and every file, with the default options', () => {
    expect(parseImportArgs(['rome', 'a.csv', 'b.csv'])).toEqual({ kind: ImportKind.Rome, files: ['a.csv', 'b.csv'], options: { skipBadRows: false, encoding: 'utf-8' } });
    for (const kind of Object.values(ImportKind)) expect(parseImportArgs([kind, 'f.csv']).kind).toBe(kind);
  });

  it('reads --skip-bad-rows and --encoding in both spellings, wherever they are', () => {
    expect(parseImportArgs(['--skip-bad-rows', 'bmo', 'x.xlsx']).options).toEqual({ skipBadRows: true, encoding: 'utf-8' });
    expect(parseImportArgs(['communes', '--encoding=windows-1252', 'c.csv']).options.encoding).toBe('windows-1252');
    expect(parseImportArgs(['communes', 'c.csv', '--encoding', 'windows-1252', 'd.csv'])).toEqual({
      kind: ImportKind.Communes,
      files: ['c.csv', 'd.csv'],
      options: { skipBadRows: false, encoding: 'windows-1252' },
    });
  });

  it('refuses an unknown option, kind or encoding, and a missing kind or file', () => {
    expect(() => parseImportArgs(['rome', 'a.csv', '--force'])).toThrow('unknown option --force');
    expect(() => parseImportArgs(['metiers', 'a.csv'])).toThrow('unknown kind "metiers"');
    expect(() => parseImportArgs(['rome', 'a.csv', '--encoding=latin1'])).toThrow('unknown encoding "latin1" (expected utf-8 or windows-1252)');
    expect(() => parseImportArgs(['rome', 'a.csv', '--encoding'])).toThrow('unknown encoding ""');
    expect(() => parseImportArgs([])).toThrow('missing kind');
    expect(() => parseImportArgs(['--skip-bad-rows'])).toThrow('missing kind');
    expect(() => parseImportArgs(['bmo', '--skip-bad-rows'])).toThrow('missing file');
  });
});

describe('formatReport', () => {
  const report: ImportReport = {
    kind: ImportKind.Bmo,
    file: 'bmo.csv',
    rowsRead: 53443,
    inserted: 1200,
    updated: 3,
    unchanged: 52210,
    rejected: [],
    notes: ['année de l’enquête : 2024', 'bassins : 2 créé(s)'],
    durationMs: 2345,
  };

  it('lists the counts with French labels and numbers, the duration and the notes', () => {
    const text = formatReport(report);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Import bmo : bmo.csv');
    expect(text).toMatch(new RegExp(`lignes lues +${fr('53 443')}`));
    expect(text).toMatch(new RegExp(`insérées +${fr('1 200')}`));
    expect(text).toMatch(/mises à jour +3\n/);
    expect(text).toMatch(new RegExp(`inchangées +${fr('52 210')}`));
    expect(text).toMatch(/rejetées +0\n/);
    expect(text).toMatch(/durée +2,35 s/);
    expect(lines.slice(-2)).toEqual(['  • année de l’enquête : 2024', '  • bassins : 2 créé(s)']);
    expect(text).not.toContain('Lignes rejetées');
  });

  it('lists rejected lines, at most 25 of them, then how many more', () => {
    const rejected = Array.from({ length: 1030 }, (_, i) => ({ line: i + 2, message: `code invalide « X${i} »` }));
    const text = formatReport({ ...report, rejected });
    expect(text).toMatch(new RegExp(`rejetées +${fr('1 030')}`));
    const lines = text.split('\n');
    const start = lines.indexOf('Lignes rejetées :');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1)).toHaveLength(26);
    expect(lines[start + 1]).toBe('  ligne 2 : code invalide « X0 »');
    expect(lines[start + 25]).toBe('  ligne 26 : code invalide « X24 »');
    expect(lines[start + 26]).toBe(`  … et ${fr('1 005')} autre(s)`);
  });

  it('shows exactly 25 rejected lines without a remainder line', () => {
    const rejected = Array.from({ length: 25 }, (_, i) => ({ line: i + 2, message: 'x' }));
    expect(formatReport({ ...report, rejected })).not.toContain('autre(s)');
  });
});

describe('formatImportError', () => {
  it('says nothing was imported, lists the errors and suggests --skip-bad-rows when rows were read', () => {
    const error = new ImportFileError(
      [
        { line: 3, message: 'code bassin invalide « 75A »' },
        { line: 9, message: 'nom du bassin manquant' },
      ],
      1200,
    );
    expect(formatImportError('bmo.csv', error)).toBe(
      [
        "Fichier refusé, rien n'a été importé : bmo.csv",
        '  ligne 3 : code bassin invalide « 75A »',
        '  ligne 9 : nom du bassin manquant',
        `(${fr('1 200')} ligne(s) lues ; relancez avec --skip-bad-rows pour importer les lignes valides)`,
      ].join('\n'),
    );
  });

  it('leaves out the line number of a whole-file error and the hint when no row was read', () => {
    expect(formatImportError('absent.csv', ImportFileError.at(0, 'fichier introuvable : absent.csv'))).toBe(
      "Fichier refusé, rien n'a été importé : absent.csv\n  fichier introuvable : absent.csv",
    );
  });
});
