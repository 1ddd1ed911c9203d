import fc from 'fast-check';
import { assessPair, BinomeSuggestionError, complementarity, describeRounds, exactMatching, improvedMatching, suggestBinomes } from './binome-suggestion';
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

describe('suggestBinomes with the organisations’ rounds', () => {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  /** A 9:00–16:30 day of 30-minute slots and 10-minute breaks has 11 rounds; 9:00–12:30 holds the first 5. */
  const MORNING = range(0, 4);
  const AFTERNOON = range(5, 10);
  const DAY = range(0, 10);
  const timed = (id: string, kind: OrganisationKind, sectors: string[], availableRounds: number[]): BinomeCandidateOrganisation => ({
    ...organisation(id, kind, sectors),
    availableRounds,
  });
  const pairsOf = (suggestion: { binomes: { organisationIds: [string, string] }[] }) => suggestion.binomes.map((b) => [...b.organisationIds].sort().join('+')).sort();
  const shares = (a: BinomeCandidateOrganisation, b: BinomeCandidateOrganisation) => (a.availableRounds ?? []).some((r) => (b.availableRounds ?? []).includes(r));

  it('describes rounds as numbered for the coordinator, by runs', () => {
    expect(describeRounds(MORNING)).toBe('créneaux 1 à 5');
    expect(describeRounds([8, 0, 1, 2, 2])).toBe('créneaux 1 à 3 et 9');
    expect(describeRounds([0, 2, 4])).toBe('créneaux 1, 3 et 5');
    expect(describeRounds([3])).toBe('créneau 4');
  });

  it('takes from complementarity TIME_LOSS_WEIGHT × the share of time the binôme loses, with the hours as a reason', () => {
    const company = timed('a', 'company', ['F'], DAY);
    const agency = timed('b', 'temp_agency', ['N'], DAY);
    expect(assessPair(company, agency)).toEqual({
      score: 4.5,
      reasons: ['Entreprise et agence d’intérim', 'Secteurs différents : F et N', 'Mêmes horaires (créneaux 1 à 11)'],
      usable: true,
    });
    expect(assessPair(company, { ...agency, availableRounds: MORNING })).toEqual({
      score: -0.41, // 4.5 − 9 × 6/11
      reasons: ['Entreprise et agence d’intérim', 'Secteurs différents : F et N', 'Horaires communs : 5 créneaux sur 11 (créneaux 1 à 5)'],
      usable: true,
    });
    expect(assessPair({ ...company, availableRounds: MORNING }, { ...agency, availableRounds: AFTERNOON })).toEqual({
      score: 0,
      reasons: ['Entreprise et agence d’intérim', 'Secteurs différents : F et N', 'Aucun créneau commun : ce binôme ne pourra faire aucun entretien'],
      usable: false,
    });
    // Rounds on one side only: availability unknown, complementarity alone.
    expect(assessPair(company, organisation('b', 'temp_agency', ['N']))).toEqual({ ...complementarity(company, agency), usable: true });
  });

  // The demo: two morning-only companies and four full-day organisations. On complementarity alone each morning
  // company goes with an intermediary, and two binômes keep only 5 rounds of 11 (21 slots for 24 interviews).
  const demo = [
    timed('M1', 'company', ['F'], MORNING),
    timed('M2', 'company', ['F'], MORNING),
    timed('C1', 'company', ['N'], DAY),
    timed('T1', 'temp_agency', ['N'], DAY),
    timed('F1', 'training_body', ['N'], DAY),
    timed('S1', 'insertion_structure', ['N'], DAY),
  ];

  it('pairs the two morning-only organisations together when the others are there all day', () => {
    const withoutRounds = suggestBinomes(demo.map(({ availableRounds: _ignored, ...rest }) => rest));
    expect(pairsOf(withoutRounds).filter((pair) => pair.includes('M1') || pair.includes('M2'))).not.toContain('M1+M2');
    const suggestion = suggestBinomes(demo);
    expect(pairsOf(suggestion)).toContain('M1+M2');
    expect(suggestion.unpaired).toEqual([]);
    const morning = suggestion.binomes.find((b) => b.organisationIds.includes('M1'));
    expect(morning?.reasons).toEqual(['Deux entreprises', 'Mêmes secteurs : F', 'Mêmes horaires (créneaux 1 à 5)']);
  });

  it('pairs two organisations there for at most half the day together whatever the kinds and sectors of all six', () => {
    fc.assert(
      fc.property(
        organisations(6, 6),
        fc.integer({ min: 8, max: 14 }).chain((day) => fc.tuple(fc.constant(day), fc.integer({ min: 1, max: Math.floor(day / 2) }), fc.boolean())),
        (list, [day, part, afternoon]) => {
          const short = afternoon ? range(day - part, day - 1) : range(0, part - 1);
          const timedList = list.map((o, i) => ({ ...o, availableRounds: i < 2 ? short : range(0, day - 1) }));
          expect(pairsOf(suggestBinomes(timedList))).toContain('O0+O1');
        },
      ),
      { numRuns: 1000, seed: 31 },
    );
  });

  it('never pairs a morning-only with an afternoon-only organisation when another pairing exists', () => {
    // On complementarity alone M+A (company and temp agency, 4.5) with C1+C2 (two companies, 1) is the best.
    const list = [timed('M', 'company', ['F'], MORNING), timed('A', 'temp_agency', ['N'], AFTERNOON), timed('C1', 'company', ['F'], DAY), timed('C2', 'company', ['F'], DAY)];
    expect(pairsOf(suggestBinomes(list.map(({ availableRounds: _ignored, ...rest }) => rest)))).toContain('A+M');
    const suggestion = suggestBinomes(list);
    expect(pairsOf(suggestion)).not.toContain('A+M');
    expect(suggestion.binomes).toHaveLength(2);
    expect(suggestion.unpaired).toEqual([]);
  });

  it('leaves organisations with no round in common unpaired, with the reason, and flags a locked pair that can never interview', () => {
    const list = [timed('M', 'company', ['F'], MORNING), timed('A', 'temp_agency', ['N'], AFTERNOON), timed('Z', 'training_body', [], [])];
    const suggestion = suggestBinomes(list);
    expect(suggestion.binomes).toEqual([]);
    expect(suggestion.unpaired).toEqual([
      {
        organisationId: 'M',
        reason: 'Organisation M reste sans partenaire : aucune des organisations restées libres n’a de créneau en commun avec elle (créneaux 1 à 5). Élargissez ses horaires ou formez un binôme à la main.',
      },
      {
        organisationId: 'A',
        reason: 'Organisation A reste sans partenaire : aucune des organisations restées libres n’a de créneau en commun avec elle (créneaux 6 à 11). Élargissez ses horaires ou formez un binôme à la main.',
      },
      { organisationId: 'Z', reason: 'Organisation Z n’est présente sur aucun créneau de la journée d’entretiens : elle reste sans partenaire. Élargissez ses horaires.' },
    ]);
    const forced = suggestBinomes(list, [['M', 'A']]);
    expect(forced.binomes).toEqual([
      {
        organisationIds: ['M', 'A'],
        score: 0,
        reasons: ['Binôme fixé par la coordination', 'Entreprise et agence d’intérim', 'Secteurs différents : F et N', 'Aucun créneau commun : ce binôme ne pourra faire aucun entretien'],
        locked: true,
      },
    ]);
  });

  /** Brute force over every matching (any organisation may stay alone): most pairs sharing a round, then best score. */
  function bestUsable(list: BinomeCandidateOrganisation[]): [number, number] {
    const solve = (left: number[]): [number, number] => {
      if (left.length === 0) return [0, 0];
      const [first, ...rest] = left;
      let best = solve(rest);
      for (const other of rest) {
        const pair = assessPair(list[first], list[other]);
        if (!pair.usable) continue;
        const [count, score] = solve(rest.filter((x) => x !== other));
        if (count + 1 > best[0] || (count + 1 === best[0] && score + pair.score > best[1] + 1e-9)) best = [count + 1, score + pair.score];
      }
      return best;
    };
    return solve(list.map((_, i) => i));
  }

  const withRounds = (min: number, max: number) =>
    fc.tuple(organisations(min, max), fc.array(fc.subarray(range(0, 7)), { minLength: max, maxLength: max })).map(([list, rounds]) => list.map((o, i) => ({ ...o, availableRounds: rounds[i] })));

  it('forms the most binômes sharing a round, then the best total, and never one sharing none (exact sizes)', () => {
    fc.assert(
      fc.property(withRounds(0, 10), (list) => {
        const suggestion = suggestBinomes(list);
        const seen = suggestion.binomes.flatMap((b) => b.organisationIds).concat(suggestion.unpaired.map((u) => u.organisationId));
        expect([...seen].sort()).toEqual(list.map((o) => o.id).sort());
        expect(new Set(seen).size).toBe(seen.length);
        const byId = new Map(list.map((o) => [o.id, o]));
        for (const b of suggestion.binomes) expect(shares(byId.get(b.organisationIds[0])!, byId.get(b.organisationIds[1])!)).toBe(true);
        const [count, score] = bestUsable(list);
        expect(suggestion.binomes).toHaveLength(count);
        expect(suggestion.binomes.reduce((sum, b) => sum + b.score, 0)).toBeCloseTo(score, 9);
      }),
      { numRuns: 200, seed: 37 },
    );
  });

  it('leaves no two organisations unpaired that share a round (heuristic sizes too)', () => {
    fc.assert(
      fc.property(withRounds(15, 40), (list) => {
        const suggestion = suggestBinomes(list);
        const byId = new Map(list.map((o) => [o.id, o]));
        const seen = suggestion.binomes.flatMap((b) => b.organisationIds).concat(suggestion.unpaired.map((u) => u.organisationId));
        expect([...seen].sort()).toEqual(list.map((o) => o.id).sort());
        for (const b of suggestion.binomes) expect(shares(byId.get(b.organisationIds[0])!, byId.get(b.organisationIds[1])!)).toBe(true);
        const alone = suggestion.unpaired.map((u) => byId.get(u.organisationId)!);
        for (const [x, a] of alone.entries()) for (const b of alone.slice(x + 1)) expect(shares(a, b)).toBe(false);
      }),
      { numRuns: 40, seed: 41 },
    );
  });

  it('suggests the same binômes and scores as without rounds when everyone has the same hours', () => {
    fc.assert(
      fc.property(organisations(0, 24), fc.subarray(range(0, 10), { minLength: 1 }), (list, rounds) => {
        const plain = suggestBinomes(list);
        const timedSuggestion = suggestBinomes(list.map((o) => ({ ...o, availableRounds: rounds })));
        expect(timedSuggestion.binomes.map((b) => [b.organisationIds, b.score])).toEqual(plain.binomes.map((b) => [b.organisationIds, b.score]));
        expect(timedSuggestion.unpaired).toEqual(plain.unpaired);
        for (const b of timedSuggestion.binomes) expect(b.reasons[b.reasons.length - 1]).toBe(`Mêmes horaires (${describeRounds(rounds)})`);
      }),
      { numRuns: 60, seed: 43 },
    );
  });
});
