import { collapseSpaces, foldAccents, identifierKey } from './fold';

describe('foldAccents', () => {
  it('removes accents and keeps case, punctuation and spaces', () => {
    expect(foldAccents("L'Île-d'Yeu à Noël")).toBe("L'Ile-d'Yeu a Noel");
    expect(foldAccents('ÉTABLISSEMENT PÉNITENTIAIRE')).toBe('ETABLISSEMENT PENITENTIAIRE');
  });

  it('spells out the ligatures œ and æ in either case, accented or not', () => {
    expect(foldAccents('Main-d’œuvre, Cœur, ŒUVRE, Lætitia, ÆSCHNE, ǽ')).toBe('Main-d’oeuvre, Coeur, OEUVRE, Laetitia, AESCHNE, ae');
  });

  it('folds decomposed input like precomposed input', () => {
    expect(foldAccents('e\u0301te\u0301')).toBe('ete');
    expect(foldAccents('été'.normalize('NFD'))).toBe(foldAccents('été'.normalize('NFC')));
  });

  it('leaves letters without a decomposition alone', () => {
    expect(foldAccents('Straße Øresund')).toBe('Straße Øresund');
  });
});

describe('collapseSpaces', () => {
  it('turns every run of white space into one space and trims the ends', () => {
    expect(collapseSpaces('  Attachés \t commerciaux\n')).toBe('Attachés commerciaux');
    expect(collapseSpaces('Agents\u00a0de\u202fmaîtrise\u00a0')).toBe('Agents de maîtrise');
  });

  it('keeps accents and case', () => {
    expect(collapseSpaces('Peintre en Bâtiment')).toBe('Peintre en Bâtiment');
  });
});

describe('identifierKey', () => {
  it('lowercases, folds accents and turns runs of other characters into one underscore', () => {
    expect(identifierKey('Code métier BMO')).toBe('code_metier_bmo');
    expect(identifierKey("Maison d'arrêt")).toBe('maison_d_arret');
    expect(identifierKey('  --Libellé (FAP 2021)--  ')).toBe('libelle_fap_2021');
  });

  it('spells out ligatures instead of splitting the word on them', () => {
    expect(identifierKey('Main-d’œuvre')).toBe('main_d_oeuvre');
  });

  it('is empty when nothing alphanumeric is left', () => {
    expect(identifierKey(' — ')).toBe('');
    expect(identifierKey('')).toBe('');
  });
});
