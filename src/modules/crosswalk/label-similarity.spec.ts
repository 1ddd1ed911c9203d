import { buildLabelIndex, labelStems, rankOccupations, stemsMatch, stemWord, weightedDice } from './label-similarity';

describe('labelStems', () => {
  it('folds plural, feminine, accents and stop words so FAP and ROME wordings meet', () => {
    expect(labelStems('Peintres en bâtiment')).toEqual(labelStems('Peintre en bâtiment'));
    expect(labelStems('Maçon / Maçonne')).toEqual(['macon']);
    expect(labelStems('Conducteur / Conductrice de poids lourd')).toEqual(['conducteur', 'poid', 'lourd']);
    expect(labelStems('Serveur / Serveuse en restauration')).toEqual(['serveur', 'restauration']);
    expect(labelStems('Électricien / Électricienne du bâtiment')).toEqual(['electricien', 'batiment']);
    expect(labelStems('Manœuvre bâtiment')).toEqual(['manoeuvr', 'batiment']);
  });

  it('drops the qualification words that every FAP level repeats', () => {
    expect(labelStems('Maçons peu qualifiés')).toEqual(['macon']);
    expect(labelStems('Aides-soignants')).toEqual(['aide', 'soignant']);
  });

  it('keeps short words intact and ignores bare numbers', () => {
    expect(stemWord('bus')).toBe('bus');
    expect(labelStems('Agent 2 de quai')).toEqual(['agent', 'quai']);
  });
});

describe('stemsMatch', () => {
  it('matches words of the same family by a long shared prefix', () => {
    expect(stemsMatch('peintr', 'peintur')).toBe(true);
    expect(stemsMatch('cuisin', 'cuisinier')).toBe(true);
    expect(stemsMatch('electricien', 'electricit')).toBe(true);
  });

  it('does not confuse words that only share a short beginning', () => {
    expect(stemsMatch('transport', 'transformation')).toBe(false);
    expect(stemsMatch('agent', 'agenc')).toBe(false);
    expect(stemsMatch('bus', 'bust')).toBe(false);
  });
});

describe('weightedDice', () => {
  const one = () => 1;
  it('is 1 for the same stems, 0 for disjoint ones, and symmetric', () => {
    expect(weightedDice(['peintr', 'batiment'], ['peintr', 'batiment'], one)).toBe(1);
    expect(weightedDice(['soudeur'], ['cariste'], one)).toBe(0);
    expect(weightedDice(['ouvrier', 'peintur', 'batiment'], ['peintr', 'batiment'], one)).toBeCloseTo(0.8);
    expect(weightedDice(['peintr', 'batiment'], ['ouvrier', 'peintur', 'batiment'], one)).toBeCloseTo(0.8);
  });

  it('lets rare words weigh more than common ones', () => {
    const weight = (stem: string) => (stem === 'agent' ? 0.1 : 1);
    expect(weightedDice(['agent', 'soudeur'], ['soudeur'], weight)).toBeGreaterThan(weightedDice(['agent', 'soudeur'], ['agent'], weight));
  });
});

describe('rankOccupations', () => {
  const index = buildLabelIndex([
    { romeCode: 'F1606', label: 'Peintre en bâtiment' },
    { romeCode: 'F1606', label: 'Peintre décorateur / Peintre décoratrice en bâtiment' },
    { romeCode: 'H3404', label: 'Peintre industriel / Peintre industrielle' },
    { romeCode: 'F1703', label: 'Maçon / Maçonne' },
    { romeCode: 'I1203', label: "Agent / Agente d'entretien du bâtiment" },
    { romeCode: 'K2204', label: 'Agent / Agente de nettoyage industriel' },
    { romeCode: 'N4101', label: 'Conducteur / Conductrice de poids lourd' },
    { romeCode: 'X0000', label: 'de la' },
  ]);

  it('puts the painters in building first for the FAP family of painters in building, with the matched label', () => {
    const ranked = rankOccupations(index, 'Ouvriers en peinture en bâtiment', 3);
    expect(ranked[0]).toMatchObject({ romeCode: 'F1606', matchedLabel: 'Peintre en bâtiment' });
    expect(ranked[0].score).toBeGreaterThan(0.5);
    expect(ranked[0].score).toBeLessThanOrEqual(1);
    expect(ranked.map((s) => s.romeCode)).not.toContain('F1703');
    // One entry per ROME code even when several of its labels match.
    expect(new Set(ranked.map((s) => s.romeCode)).size).toBe(ranked.length);
  });

  it('ranks by score and respects the limit and the excluded codes', () => {
    const all = rankOccupations(index, 'Peintres en bâtiment', 10);
    expect(all.map((s) => s.romeCode)).toEqual(['F1606', 'H3404', 'I1203']);
    expect(all[0].score).toBe(1);
    for (let i = 1; i < all.length; i++) expect(all[i].score).toBeLessThanOrEqual(all[i - 1].score);
    expect(rankOccupations(index, 'Peintres en bâtiment', 1)).toHaveLength(1);
    expect(rankOccupations(index, 'Peintres en bâtiment', 10, new Set(['F1606']))[0].romeCode).toBe('H3404');
  });

  it('returns nothing for a label with no meaningful word or no shared word', () => {
    expect(rankOccupations(index, 'de la', 5)).toEqual([]);
    expect(rankOccupations(index, 'Astronautes', 5)).toEqual([]);
    expect(rankOccupations(index, 'Maçons qualifiés', 0)).toEqual([]);
  });
});
