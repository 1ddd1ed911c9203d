import { copyField } from './bulk-merge';

describe('copyField', () => {
  it('writes null and undefined as \\N, the COPY text marker for NULL', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
  });

  it('leaves plain text alone and escapes backslashes, tabs and line breaks', () => {
    expect(copyField('Créteil — Val-de-Marne')).toBe('Créteil — Val-de-Marne');
    expect(copyField('')).toBe('');
    expect(copyField('a\tb')).toBe('a\\tb');
    expect(copyField('ligne 1\nligne 2\r\n')).toBe('ligne 1\\nligne 2\\r\\n');
    expect(copyField('C:\\dossier\\N')).toBe('C:\\\\dossier\\\\N');
    expect(copyField('\\.')).toBe('\\\\.');
  });

  it('writes numbers, non-finite numbers as NULL, and booleans as t/f', () => {
    expect(copyField(0)).toBe('0');
    expect(copyField(-12.5)).toBe('-12.5');
    expect(copyField(NaN)).toBe('\\N');
    expect(copyField(Infinity)).toBe('\\N');
    expect(copyField(true)).toBe('t');
    expect(copyField(false)).toBe('f');
  });

  it('writes arrays as quoted array literals, escaping quotes and backslashes twice (array, then COPY)', () => {
    expect(copyField([])).toBe('{}');
    expect(copyField(['F1606', 'F1607'])).toBe('{"F1606","F1607"}');
    expect(copyField(['dit "oui"', 'a,b', '{x}'])).toBe('{"dit \\\\"oui\\\\"","a,b","{x}"}');
    expect(copyField(['a\\b'])).toBe('{"a\\\\\\\\b"}');
    expect(copyField(['tab\there'])).toBe('{"tab\\there"}');
  });
});
