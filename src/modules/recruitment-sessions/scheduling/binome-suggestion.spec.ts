import fc from 'fast-check';
import { BinomeSuggestionError, complementarity, exactMatching, improvedMatching, suggestBinomes } from './binome-suggestion';
import { BinomeCandidateOrganisation, OrganisationKind } from './scheduling.types';

const organisation = (id: string, kind: OrganisationKind, sectors: string[]): BinomeCandidateOrganisation => ({ id, name: `Organisation ${id}`, kind, sectors });

/** Brute force: best total weight over every matching leaving at most one vertex out (none when even). */
function bestTotal(weight: number[][]): number {
  const size = weight.length;
  const solve = (left: number[], singleAllowed: boolean): number => {
    if (left.length === 0) return 0;
    const [first, ...rest] = left;
    let best = singleAllowed ? solve(rest, false) : -Infinity;
    for (const other of rest) best = Math.max(best, weight[first][other] + solve(rest.filter((x) => x !== other), singleAllowed));
    return best;
  };
  return solve(
    Array.from({ length: size }, (_, i) => i),
    size % 2 === 1,
  );
}

const total = (weight: number[][], pairs: [number, number][]) => pairs.reduce((sum, [i, j]) => sum + weight[i][j], 0);

const weights = (min: number, max: number) =>
  fc.integer({ min, max }).chain((size) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 45 }), { minLength: size, maxLength: size }), { minLength: size, maxLength: size }).map((raw) =>
      raw.map((row, i) => row.map((_, j) => (i === j ? 0 : raw[Math.min(i, j)][Math.max(i, j)] / 10))),
    ),
  );

const organisations = (min: number, max: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom<OrganisationKind>('company', 'company', 'temp_agency', 'training_body', 'insertion_structure'),
      sectors: fc.subarray(['A', 'F', 'H', 'J', 'N'], { minLength: 0, maxLength: 3 }),
    }),
    { minLength: min, maxLength: max },
  ).map((list) => list.map((o, i) => organisation(`O${i}`, o.kind, o.sectors)));

describe('complementarity', () => {
  it('prefers a company with an intermediary, then different sectors', () => {
    expect(complementarity(organisation('a', 'company', ['F']), organisation('b', 'temp_agency', ['N']))).toEqual({
      score: 4.5,
      reasons: ['Entreprise et agence d’intérim', 'Secteurs différents : F et N'],
    });
    expect(complementarity(organisation('a', 'training_body', ['F', 'N']), organisation('b', 'company', ['F']))).toEqual({
      score: 3.75,
      reasons: ['Entreprise et organisme de formation', 'Secteurs en partie différents (en commun : F)'],
    });
    expect(complementarity(organisation('a', 'company', ['F']), organisation('b', 'company', ['F']))).toEqual({
      score: 1,
      reasons: ['Deux entreprises', 'Mêmes secteurs : F'],
    });
    expect(complementarity(organisation('a', 'temp_agency', []), organisation('b', 'insertion_structure', ['H']))).toEqual({
      score: 2,
      reasons: ['Agence d’intérim et structure d’insertion'],
    });
  });
});

describe('suggestBinomes', () => {
  // Two building companies, a temp agency (building) and a training body (transport): the best total pairs each
  // company with an intermediary (4.5 + 3), not the two companies together (1 + 2 + 1.5 = 4.5).
  const handMade = [
    organisation('E1', 'company', ['F']),
    organisation('E2', 'company', ['F']),
    organisation('I1', 'temp_agency', ['F']),
    organisation('F1', 'training_body', ['N']),
  ];

  it('pairs companies with intermediaries in a hand-made case whose optimum is known', () => {
    const suggestion = suggestBinomes(handMade);
    const pairs = suggestion.binomes.map((b) => [...b.organisationIds].sort().join('+')).sort();
    // E1+F1 (4.5) and E2+I1 (3) or E1+I1 (3) and E2+F1 (4.5): both total 7.5, the maximum.
    expect(suggestion.binomes.reduce((sum, b) => sum + b.score, 0)).toBe(7.5);
    expect(pairs.every((pair) => pair.includes('E'))).toBe(true);
    expect(suggestion.unpaired).toEqual([]);
    const withTraining = suggestion.binomes.find((b) => b.organisationIds.includes('F1'));
    expect(withTraining?.reasons).toEqual(['Entreprise et organisme de formation', 'Secteurs différents : F et N']);
  });

  it('keeps the pairs the coordinator locked and suggests around them', () => {
    const suggestion = suggestBinomes(handMade, [['E1', 'E2']]);
    expect(suggestion.binomes).toEqual([
      { organisationIds: ['E1', 'E2'], score: 1, reasons: ['Binôme fixé par la coordination', 'Deux entreprises', 'Mêmes secteurs : F'], locked: true },
      { organisationIds: ['I1', 'F1'], score: 3.5, reasons: ['Agence d’intérim et organisme de formation', 'Secteurs différents : F et N'], locked: false },
    ]);
  });

  it('leaves exactly one organisation unpaired, with a reason, when the count is odd', () => {
    const suggestion = suggestBinomes([...handMade, organisation('E3', 'company', ['F'])]);
    expect(suggestion.binomes).toHaveLength(2);
    expect(suggestion.unpaired).toHaveLength(1);
    // Leaving one of the three companies out costs least.
    expect(suggestion.unpaired[0].organisationId).toMatch(/^E/);
    expect(suggestion.unpaired[0].reason).toMatch(/^Nombre impair d’organisations à associer \(5\) : Organisation E\d reste sans partenaire\./);
  });

  it('refuses locked pairs naming an unknown organisation or one organisation twice', () => {
    expect(() => suggestBinomes(handMade, [['E1', 'X9']])).toThrow(new BinomeSuggestionError('Le binôme fixé E1 – X9 cite une organisation inconnue : X9.'));
    expect(() => suggestBinomes(handMade, [['E1', 'E2'], ['E2', 'I1']])).toThrow(BinomeSuggestionError);
    expect(() => suggestBinomes(handMade, [['E1', 'E1']])).toThrow(BinomeSuggestionError);
  });

  it('puts every organisation in at most one binôme, keeps locked pairs, and reaches the optimum (exact sizes)', () => {
    fc.assert(
      fc.property(organisations(0, 11), fc.integer({ min: 0, max: 2 }), (list, lockCount) => {
        const locked: [string, string][] = [];
        for (let i = 0; i + 1 < list.length && locked.length < lockCount; i += 2) locked.push([list[i].id, list[i + 1].id]);
        const suggestion = suggestBinomes(list, locked);
        const seen = suggestion.binomes.flatMap((b) => b.organisationIds).concat(suggestion.unpaired.map((u) => u.organisationId));
        expect([...seen].sort()).toEqual(list.map((o) => o.id).sort());
        expect(new Set(seen).size).toBe(seen.length);
        expect(suggestion.unpaired).toHaveLength(list.length % 2);
        for (const pair of locked) expect(suggestion.binomes).toContainEqual(expect.objectContaining({ organisationIds: pair, locked: true }));
        const free = list.filter((o) => !locked.flat().includes(o.id));
        const weight = free.map((a) => free.map((b) => (a === b ? 0 : complementarity(a, b).score)));
        const suggested = suggestion.binomes.filter((b) => !b.locked).reduce((sum, b) => sum + b.score, 0);
        expect(suggested).toBeCloseTo(bestTotal(weight), 9);
      }),
      { numRuns: 200, seed: 17 },
    );
  });

  it('pairs large sets (heuristic above the exact size) without losing or repeating anyone', () => {
    fc.assert(
      fc.property(organisations(19, 101), (list) => {
        const suggestion = suggestBinomes(list);
        const seen = suggestion.binomes.flatMap((b) => b.organisationIds).concat(suggestion.unpaired.map((u) => u.organisationId));
        expect([...seen].sort()).toEqual(list.map((o) => o.id).sort());
        expect(suggestion.unpaired).toHaveLength(list.length % 2);
      }),
      { numRuns: 30, seed: 19 },
    );
  });
});

describe('matchings', () => {
  it('exact matching equals the brute-force optimum', () => {
    fc.assert(
      fc.property(weights(0, 11), (weight) => {
        const { pairs, single } = exactMatching(weight);
        expect(total(weight, pairs)).toBeCloseTo(bestTotal(weight), 9);
        expect(pairs.length * 2 + (single === -1 ? 0 : 1)).toBe(weight.length);
      }),
      { numRuns: 200, seed: 23 },
    );
  });

  it('the heuristic used above the exact size stays within 5 % of the optimum on complementarity scores, and mostly reaches it', () => {
    let atOptimum = 0;
    fc.assert(
      fc.property(organisations(12, 16), (list) => {
        const weight = list.map((a) => list.map((b) => (a === b ? 0 : complementarity(a, b).score)));
        const best = total(weight, exactMatching(weight).pairs);
        const ratio = best === 0 ? 1 : total(weight, improvedMatching(weight).pairs) / best;
        if (ratio > 1 - 1e-9) atOptimum++;
        expect(ratio).toBeGreaterThanOrEqual(0.95);
      }),
      { numRuns: 60, seed: 29 },
    );
    expect(atOptimum).toBeGreaterThanOrEqual(48);
  });
});
