import { RowValidator } from '../imports/importer';
import { coordinate, headCount, mostFrequent } from './import-values';

describe('geography import values', () => {
  it('reads coordinates within their range, with a dot or a comma', () => {
    const v = new RowValidator();
    expect(coordinate(v, 2, 'latitude', '46.412175', 90)).toBe(46.412175);
    expect(coordinate(v, 2, 'longitude', '-61,5853', 180)).toBe(-61.5853);
    expect(v.errors).toEqual([]);
    expect(coordinate(v, 3, 'latitude', '91.2', 90)).toBeUndefined();
    expect(coordinate(v, 4, 'longitude', 'est', 180)).toBeUndefined();
    expect(v.errors).toEqual([
      { line: 3, message: 'latitude invalide « 91.2 » (attendu : un nombre décimal entre -90 et 90)' },
      { line: 4, message: 'longitude invalide « est » (attendu : un nombre décimal entre -180 et 180)' },
    ]);
  });

  it('reads head counts, empty or NC meaning unknown', () => {
    const v = new RowValidator();
    expect(headCount(v, 2, 'capacité', '644')).toBe(644);
    expect(headCount(v, 2, 'capacité', '1 036')).toBe(1036);
    expect(headCount(v, 2, 'capacité', 'NC')).toBeNull();
    expect(headCount(v, 2, 'capacité', '')).toBeNull();
    expect(v.errors).toEqual([]);
    expect(headCount(v, 5, 'capacité', '-3')).toBeUndefined();
    expect(v.errors[0]).toEqual({ line: 5, message: 'capacité invalide « -3 » (attendu : un nombre entier positif, vide ou NC)' });
  });

  it('picks the most frequent value, the first one on a tie', () => {
    expect(mostFrequent(['B', 'A', 'A'])).toBe('A');
    expect(mostFrequent(['B', 'A'])).toBe('B');
  });
});
