import { checkCode, CODE_FORMATS, RowValidator } from './importer';

describe('RowValidator', () => {
  it('accepts the first occurrence of a key and rejects later ones, naming the first line', () => {
    const validator = new RowValidator();
    expect(validator.unique('F1606', 2, 'code ROME F1606')).toBe(true);
    expect(validator.unique('F1607', 3, 'code ROME F1607')).toBe(true);
    expect(validator.unique('F1606', 7, 'code ROME F1606')).toBe(false);
    expect(validator.unique('F1606', 9, 'code ROME F1606')).toBe(false);
    expect(validator.errors).toEqual([
      { line: 7, message: 'code ROME F1606 en double (déjà présent ligne 2)' },
      { line: 9, message: 'code ROME F1606 en double (déjà présent ligne 2)' },
    ]);
  });

  it('calls a label function only for a duplicate', () => {
    const validator = new RowValidator();
    const label = jest.fn(() => 'commune 86194');
    validator.unique('86194', 2, label);
    validator.unique('86195', 3, label);
    expect(label).not.toHaveBeenCalled();
    validator.unique('86194', 4, label);
    expect(label).toHaveBeenCalledTimes(1);
    expect(validator.errors).toEqual([{ line: 4, message: 'commune 86194 en double (déjà présent ligne 2)' }]);
  });

  it('collects rejections in order', () => {
    const validator = new RowValidator();
    validator.reject(5, 'nom manquant');
    validator.reject(3, 'code invalide');
    expect(validator.errors).toEqual([
      { line: 5, message: 'nom manquant' },
      { line: 3, message: 'code invalide' },
    ]);
  });
});

describe('checkCode', () => {
  it('returns a well-formed code and records nothing', () => {
    const validator = new RowValidator();
    expect(checkCode(validator, 2, 'rome', 'code ROME', 'F1606')).toBe('F1606');
    expect(checkCode(validator, 2, 'department', 'code département', '2A')).toBe('2A');
    expect(checkCode(validator, 2, 'department', 'code département', '971')).toBe('971');
    expect(checkCode(validator, 2, 'commune', 'code commune', '2B033')).toBe('2B033');
    expect(checkCode(validator, 2, 'fap', 'code FAP', 'B2Z40')).toBe('B2Z40');
    expect(checkCode(validator, 2, 'basin', 'code bassin', '101')).toBe('101');
    expect(validator.errors).toEqual([]);
  });

  it('records a French message with the value and the expected format, and returns undefined', () => {
    const validator = new RowValidator();
    expect(checkCode(validator, 12, 'rome', 'code ROME', 'F16')).toBeUndefined();
    expect(checkCode(validator, 13, 'postcode', 'code postal', '8600')).toBeUndefined();
    expect(checkCode(validator, 14, 'department', 'code département', '20')).toBe('20');
    expect(checkCode(validator, 15, 'department', 'code département', '2C')).toBeUndefined();
    expect(checkCode(validator, 16, 'rome', 'code ROME', 'f1606')).toBeUndefined();
    expect(validator.errors).toEqual([
      { line: 12, message: `code ROME invalide « F16 » (attendu : ${CODE_FORMATS.rome.expected})` },
      { line: 13, message: 'code postal invalide « 8600 » (attendu : 5 chiffres, ex. 86000)' },
      { line: 15, message: expect.stringContaining('« 2C »') },
      { line: 16, message: expect.stringContaining('« f1606 »') },
    ]);
  });
});
