import { communeName } from './communes.importer';
import { communeMatchOf } from './geography.service';

describe('communeMatchOf', () => {
  it('reads 5 digits as a postcode (or INSEE code) and fewer digits as the start of a postcode', () => {
    expect(communeMatchOf('86000')).toEqual({ by: 'postcode', code: '86000' });
    expect(communeMatchOf(' 86 000 ')).toEqual({ by: 'postcode', code: '86000' });
    expect(communeMatchOf('863')).toEqual({ by: 'postcodePrefix', prefix: '863' });
  });

  it('reads a Corsican INSEE code as such', () => {
    expect(communeMatchOf('2a004')).toEqual({ by: 'insee', code: '2A004' });
  });

  it('reads anything else as the start of a name, compared by search key', () => {
    expect(communeMatchOf("L'Île-d'Yeu")).toEqual({ by: 'name', key: 'L ILE D YEU' });
    expect(communeMatchOf('St-Benoît')).toEqual({ by: 'name', key: 'SAINT BENOIT' });
    expect(communeMatchOf('--')).toBeUndefined();
  });
});

describe('communeName', () => {
  it('keeps the commune name among the arrondissement names La Poste lists', () => {
    expect(communeName(['MARSEILLE 07', 'MARSEILLE', 'MARSEILLE 01'])).toBe('MARSEILLE');
    expect(communeName(['VIVONNE'])).toBe('VIVONNE');
  });
});
