import { locateErrors, parseFlag } from './rome.importer';

describe('parseFlag', () => {
  it.each([
    ['O', true],
    ['N', false],
    ['', null],
    ['o', undefined],
    ['Oui', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(parseFlag(value)).toBe(expected);
  });
});

describe('locateErrors', () => {
  it('puts the file name before the line, as the export spans five files', () => {
    expect(
      locateErrors('unix_referentiel_appellation_v458_utf8.csv', [
        { line: 12, message: 'code ROME Z9999 inconnu' },
        { line: 0, message: 'lecture impossible' },
      ]),
    ).toEqual([
      { line: 0, message: 'unix_referentiel_appellation_v458_utf8.csv ligne 12 : code ROME Z9999 inconnu' },
      { line: 0, message: 'unix_referentiel_appellation_v458_utf8.csv : lecture impossible' },
    ]);
  });
});
