import { communeName } from './communes.importer';
import { communeMatchOf, matchBasinNames } from './geography.service';
import { nameKey } from './name-key';

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

describe('matchBasinNames', () => {
  const basins = [
    { code: '7613', name: 'ST GIRONS' },
    { code: '9901', name: "CŒUR D'ŒUVRE" },
    { code: '7514', name: 'Châtellerault' },
    { code: '7513', name: 'POITIERS' },
  ];
  const codes = (query: string) => matchBasinNames(basins, nameKey(query)).map((b) => b.code);

  it('compares names and query through nameKey, on word starts', () => {
    expect(codes('st girons')).toEqual(['7613']);
    expect(codes('Saint-Gi')).toEqual(['7613']);
    expect(codes('oeuvre')).toEqual(['9901']);
    expect(codes('CHÂTEL')).toEqual(['7514']);
    expect(codes('irons')).toEqual([]);
  });

  it('orders by name key whatever the case and accents, and keeps all basins for an empty key', () => {
    expect(codes('')).toEqual(['7514', '9901', '7513', '7613']);
  });
});
