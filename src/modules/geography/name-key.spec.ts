import { nameKey } from './name-key';

describe('nameKey', () => {
  it('removes accents and case, and turns hyphens, apostrophes and runs of spaces into one space', () => {
    expect(nameKey("L'Île-d'Yeu")).toBe('L ILE D YEU');
    expect(nameKey('  Baie-Mahault ')).toBe('BAIE MAHAULT');
    expect(nameKey('Châtellerault')).toBe('CHATELLERAULT');
    expect(nameKey('Saint  Benoît')).toBe('SAINT BENOIT');
  });

  it('spells out ligatures and the abbreviations of saint', () => {
    expect(nameKey('Œuilly')).toBe('OEUILLY');
    expect(nameKey('St-Benoît')).toBe('SAINT BENOIT');
    expect(nameKey('Ste Foy')).toBe('SAINTE FOY');
    expect(nameKey('Stella')).toBe('STELLA');
  });

  it('is idempotent, so stored keys and query keys agree', () => {
    for (const name of ["L'Haÿ-les-Roses", 'ST MARTIN', 'Marseille 07']) expect(nameKey(nameKey(name))).toBe(nameKey(name));
  });

  it('gives an empty key for punctuation only', () => {
    expect(nameKey(" - ' ")).toBe('');
  });
});
