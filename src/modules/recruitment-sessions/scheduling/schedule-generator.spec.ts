import fc from 'fast-check';
import { checkSchedule } from './schedule-check';
import { diagnoseInstance, generateSchedule } from './schedule-generator';
import { ScheduledInterview, ScheduleInstance } from './scheduling.types';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Builds an instance from plain figures; binôme b is O{2b}+O{2b+1}, or takes O0 instead of its second when shared. */
function makeInstance(spec: {
  n: number;
  rounds: number;
  rooms: number;
  k: number;
  availability: number[][];
  busy: number[][];
  relevance: number[][];
  shareFirstOrganisation?: boolean[];
}): ScheduleInstance {
  return {
    rounds: spec.rounds,
    rooms: range(spec.rooms).map((i) => `S${i + 1}`),
    candidates: range(spec.n).map((c) => ({ id: `PSG-${c}` })),
    binomes: spec.availability.map((availableRounds, b) => ({
      id: `B${b}`,
      organisationIds: [`O${2 * b}`, b > 0 && spec.shareFirstOrganisation?.[b] ? 'O0' : `O${2 * b + 1}`],
      availableRounds,
    })),
    relevance: spec.relevance,
    meetingsPerCandidate: spec.k,
    candidateUnavailableRounds: Object.fromEntries(spec.busy.map((rounds, c) => [`PSG-${c}`, rounds])),
  };
}

/** Instances of the given maximal size, often tight: narrow availabilities, few rooms, shared organisations. */
function instances(max: { n: number; m: number; rounds: number; rooms: number; k: number }) {
  return fc
    .record({
      n: fc.integer({ min: 1, max: max.n }),
      m: fc.integer({ min: 1, max: max.m }),
      rounds: fc.integer({ min: 1, max: max.rounds }),
      rooms: fc.integer({ min: 1, max: max.rooms }),
      k: fc.integer({ min: 1, max: max.k }),
    })
    .chain(({ n, m, rounds, rooms, k }) =>
      fc.record({
        n: fc.constant(n),
        rounds: fc.constant(rounds),
        rooms: fc.constant(rooms),
        k: fc.constant(k),
        availability: fc.array(fc.subarray(range(rounds)), { minLength: m, maxLength: m }),
        busy: fc.array(fc.subarray(range(rounds), { maxLength: 1 }), { minLength: n, maxLength: n }),
        relevance: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
        shareFirstOrganisation: fc.array(fc.integer({ min: 0, max: 7 }).map((v) => v === 0), { minLength: m, maxLength: m }),
      }),
    )
    .map(makeInstance);
}

/** Independent plain re-check of the hard constraints (not the checker under test): the broken rules, as text. */
function hardConstraintBreaks(instance: ScheduleInstance, interviews: ScheduledInterview[]): string[] {
  const breaks: string[] = [];
  const k = instance.meetingsPerCandidate ?? 3;
  for (let i = 0; i < interviews.length; i++) {
    const a = interviews[i];
    const binome = instance.binomes.find((b) => b.id === a.binomeId);
    if (!binome || !instance.candidates.some((c) => c.id === a.candidateId) || !instance.rooms.includes(a.roomId)) breaks.push(`unknown ${i}`);
    if (!Number.isInteger(a.round) || a.round < 0 || a.round >= instance.rounds) breaks.push(`round ${i}`);
    if (binome && !binome.availableRounds.includes(a.round)) breaks.push(`binome unavailable ${i}`);
    if ((instance.candidateUnavailableRounds?.[a.candidateId] ?? []).includes(a.round)) breaks.push(`candidate unavailable ${i}`);
    for (let j = i + 1; j < interviews.length; j++) {
      const b = interviews[j];
      if (a.candidateId === b.candidateId && a.binomeId === b.binomeId) breaks.push(`repeat ${i} ${j}`);
      if (a.round !== b.round) continue;
      if (a.candidateId === b.candidateId) breaks.push(`candidate twice ${i} ${j}`);
      if (a.roomId === b.roomId) breaks.push(`room twice ${i} ${j}`);
      const orgsA: string[] = instance.binomes.find((x) => x.id === a.binomeId)?.organisationIds ?? [];
      const orgsB: string[] = instance.binomes.find((x) => x.id === b.binomeId)?.organisationIds ?? [];
      if (orgsA.some((o) => orgsB.includes(o))) breaks.push(`organisation twice ${i} ${j}`);
    }
  }
  for (const { id } of instance.candidates) {
    if (interviews.filter((i) => i.candidateId === id).length > k) breaks.push(`too many for ${id}`);
  }
  return breaks;
}

/** Brute force: does a complete schedule exist? Each candidate's binômes in increasing order, every round tried. */
function completeScheduleExists(instance: ScheduleInstance): boolean {
  const k = instance.meetingsPerCandidate ?? 3;
  const n = instance.candidates.length;
  const usedCandidate = new Set<string>();
  const usedOrganisation = new Set<string>();
  const load = new Array<number>(instance.rounds).fill(0);
  const place = (c: number, got: number, nextBinome: number): boolean => {
    if (c === n) return true;
    if (got === k) return place(c + 1, 0, 0);
    const candidate = instance.candidates[c].id;
    const busy = instance.candidateUnavailableRounds?.[candidate] ?? [];
    for (let b = nextBinome; b < instance.binomes.length; b++) {
      const binome = instance.binomes[b];
      for (const r of binome.availableRounds) {
        if (busy.includes(r) || usedCandidate.has(`${c}:${r}`) || load[r] >= instance.rooms.length) continue;
        if (binome.organisationIds.some((o) => usedOrganisation.has(`${o}:${r}`))) continue;
        usedCandidate.add(`${c}:${r}`);
        binome.organisationIds.forEach((o) => usedOrganisation.add(`${o}:${r}`));
        load[r]++;
        const found = place(c, got + 1, b + 1);
        load[r]--;
        binome.organisationIds.forEach((o) => usedOrganisation.delete(`${o}:${r}`));
        usedCandidate.delete(`${c}:${r}`);
        if (found) return true;
      }
    }
    return false;
  };
  return place(0, 0, 0);
}

function expectSound(instance: ScheduleInstance) {
  const result = generateSchedule(instance);
  const k = instance.meetingsPerCandidate ?? 3;
  expect(checkSchedule(instance, result.interviews).filter((v) => v.code !== 'too_few_meetings')).toEqual([]);
  expect(hardConstraintBreaks(instance, result.interviews)).toEqual([]);
  const everyoneServed = instance.candidates.every(({ id }) => result.interviews.filter((i) => i.candidateId === id).length === k);
  expect(result.complete).toBe(everyoneServed);
  expect(result.infeasibilities.length === 0).toBe(result.complete);
  const relevance = result.interviews.reduce(
    (sum, i) =>
      sum + instance.relevance[instance.candidates.findIndex((c) => c.id === i.candidateId)][instance.binomes.findIndex((b) => b.id === i.binomeId)],
    0,
  );
  expect(result.relevance).toBeCloseTo(relevance, 9);
  return result;
}

describe('generateSchedule', () => {
  it('schedules a realistic session: 10 candidates, 6 binômes, 12 rounds, two binômes in the morning only', () => {
    const instance: ScheduleInstance = {
      rounds: 12,
      rooms: range(6).map((i) => `salle-${i + 1}`),
      candidates: range(10).map((c) => ({ id: `PSG-00${c}` })),
      binomes: range(6).map((b) => ({ id: `B${b}`, organisationIds: [`O${2 * b}`, `O${2 * b + 1}`], availableRounds: range(b < 2 ? 6 : 12) })),
      relevance: range(10).map((c) => range(6).map((b) => ((c * 7 + b * 3) % 10) / 10)),
      candidateUnavailableRounds: { 'PSG-001': [0, 1, 2], 'PSG-004': [6] },
    };
    const result = expectSound(instance);
    expect(result.complete).toBe(true);
    expect(result.interviews).toHaveLength(30);
    expect(result.relevance).toBeCloseTo(result.relevanceBound as number, 9);
    // One room per binôme: each binôme keeps its room all day.
    for (const b of instance.binomes) {
      expect(new Set(result.interviews.filter((i) => i.binomeId === b.id).map((i) => i.roomId)).size).toBe(1);
    }
    expect(generateSchedule(instance)).toEqual(result);
  });

  it('keeps every hard constraint, and reaches coverage whenever a brute force finds it possible (small, tight instances)', () => {
    let feasible = 0;
    fc.assert(
      fc.property(instances({ n: 4, m: 4, rounds: 4, rooms: 4, k: 3 }), (instance) => {
        const result = expectSound(instance);
        const exists = completeScheduleExists(instance);
        if (exists) feasible++;
        expect(result.complete).toBe(exists);
        // A reason said to be proven must really be: no complete schedule exists then.
        if (result.infeasibilities.some((i) => i.proven)) expect(exists).toBe(false);
      }),
      { numRuns: 600, seed: 7 },
    );
    // The generated mix has both outcomes in number, so both branches above were exercised.
    expect(feasible).toBeGreaterThan(100);
    expect(feasible).toBeLessThan(500);
  });

  it('keeps every hard constraint on larger instances', () => {
    fc.assert(
      fc.property(instances({ n: 25, m: 8, rounds: 12, rooms: 8, k: 3 }), (instance) => {
        expectSound(instance);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('reaches coverage at the relaxation optimum when every binôme is there all day with a room each (König)', () => {
    fc.assert(
      fc.property(
        fc.record({ n: fc.integer({ min: 1, max: 30 }), m: fc.integer({ min: 3, max: 9 }), k: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 0, max: 2 }) }).chain(({ n, m, k, extra }) => {
          const rounds = Math.max(k, Math.ceil((n * k) / m)) + extra;
          return fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }).map((relevance) =>
            makeInstance({ n, rounds, rooms: m, k, availability: range(m).map(() => range(rounds)), busy: range(n).map(() => []), relevance }),
          );
        }),
        (instance) => {
          const result = expectSound(instance);
          expect(result.complete).toBe(true);
          expect(result.relevance).toBeCloseTo(result.relevanceBound as number, 6);
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it('reports the counting argument that proves impossibility, with figures', () => {
    fc.assert(
      fc.property(instances({ n: 6, m: 5, rounds: 5, rooms: 4, k: 3 }), (instance) => {
        const result = generateSchedule(instance);
        const k = instance.meetingsPerCandidate as number;
        const n = instance.candidates.length;
        const codes = result.infeasibilities.map((i) => i.code);
        if (instance.binomes.length < k) expect(codes).toContain('not_enough_binomes');
        if (instance.rounds < k) expect(codes).toContain('not_enough_rounds');
        if (instance.rooms.length * instance.rounds < n * k) expect(codes).toContain('not_enough_rooms');
        const slots = instance.binomes.reduce((sum, b) => sum + b.availableRounds.length, 0);
        if (slots < n * k && instance.binomes.length >= k) expect(codes).toContain('not_enough_capacity');
        // What diagnoseInstance proves beforehand is what the generator reports; a complete schedule means it proves nothing.
        const diagnosed = diagnoseInstance(instance);
        if (result.complete) expect(diagnosed).toEqual([]);
        else if (diagnosed.length) expect(result.infeasibilities).toEqual(diagnosed);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('explains a room shortage in French with the figures', () => {
    const instance = makeInstance({
      n: 10,
      rounds: 6,
      rooms: 4,
      k: 3,
      availability: range(6).map(() => range(6)),
      busy: range(10).map(() => []),
      relevance: range(10).map(() => range(6).map(() => 0.5)),
    });
    const result = expectSound(instance);
    expect(result.complete).toBe(false);
    expect(result.interviews).toHaveLength(24);
    expect(result.infeasibilities).toEqual([
      { code: 'not_enough_rooms', message: '10 candidats × 3 entretiens = 30 entretiens, mais 4 salles × 6 créneaux = 24 places.', proven: true },
    ]);
    // Shortages are spread: nobody is left with no interview.
    const counts = instance.candidates.map(({ id }) => result.interviews.filter((i) => i.candidateId === id).length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
  });

  it('names the candidates whose own availability is too narrow', () => {
    const instance = makeInstance({
      n: 3,
      rounds: 4,
      rooms: 3,
      k: 3,
      availability: [range(4), range(4), [2, 3]],
      busy: [[], [0, 1], []],
      relevance: range(3).map(() => [0.2, 0.4, 0.6]),
    });
    const result = expectSound(instance);
    expect(result.infeasibilities).toEqual([
      {
        code: 'availability_too_narrow',
        message: 'Le candidat PSG-1 n’est disponible que sur 2 créneaux où un binôme l’est aussi, pour 3 entretiens à passer.',
        candidateIds: ['PSG-1'],
        proven: true,
      },
    ]);
    expect(result.interviews.filter((i) => i.candidateId === 'PSG-0')).toHaveLength(3);
  });

  it('gives the flow argument when no simple count proves it', () => {
    // Two candidates can only be there in round 0, where only B0 is: together they need two distinct binômes there.
    const instance = makeInstance({
      n: 3,
      rounds: 3,
      rooms: 3,
      k: 1,
      availability: [[0, 1, 2], [1, 2], [1, 2]],
      busy: [[1, 2], [1, 2], []],
      relevance: range(3).map(() => [0.5, 0.5, 0.5]),
    });
    const result = expectSound(instance);
    expect(result.complete).toBe(false);
    expect(result.infeasibilities).toHaveLength(1);
    expect(result.infeasibilities[0]).toMatchObject({ code: 'not_enough_capacity', proven: true });
    expect(result.infeasibilities[0].message).toContain('au plus 2 entretiens peuvent avoir lieu sur les 3 demandés');
  });

  it('sees a candidate who cannot meet enough binômes in distinct rounds (matching binômes–rounds)', () => {
    // PSG-0 is there in rounds 0–2; B1 and B2 are both only there in round 0 (B2 also in round 3, when PSG-0 is not).
    const instance = makeInstance({
      n: 1,
      rounds: 4,
      rooms: 4,
      k: 3,
      availability: [[], [0], [0, 3], [1, 2]],
      busy: [[3]],
      relevance: [[0.5, 0.5, 0.5, 0.5]],
    });
    const result = expectSound(instance);
    expect(result.infeasibilities).toEqual([
      {
        code: 'availability_too_narrow',
        message: 'Le candidat PSG-0 ne peut rencontrer que 2 binômes à des créneaux différents, vu ses disponibilités et celles des binômes, pour 3 binômes différents à rencontrer.',
        candidateIds: ['PSG-0'],
        proven: true,
      },
    ]);
  });

  it('proves impossibility by exhaustive search when no count shows it (small instance)', () => {
    // Both candidates need all three binômes; the crossed availabilities leave no way, which only a search shows.
    const instance = makeInstance({
      n: 2,
      rounds: 4,
      rooms: 4,
      k: 3,
      availability: [[0, 3], [2, 3], [0, 1, 2, 3]],
      busy: [[1], [3]],
      relevance: [
        [0.5, 0.5, 0.5],
        [0.5, 0.5, 0.5],
      ],
    });
    expect(completeScheduleExists(instance)).toBe(false);
    expect(diagnoseInstance(instance)).toEqual([]);
    const result = expectSound(instance);
    expect(result.interviews).toHaveLength(5);
    expect(result.infeasibilities).toHaveLength(1);
    expect(result.infeasibilities[0]).toMatchObject({ code: 'availability_too_narrow', proven: true });
    expect(result.infeasibilities[0].message).toMatch(/^Une recherche exhaustive montre qu’aucun planning ne donne 3 binômes différents à chaque candidat/);
  });

  it('returns an empty complete schedule when nobody is to be seen', () => {
    expect(generateSchedule({ rounds: 4, rooms: ['S1'], candidates: [], binomes: [], relevance: [] })).toEqual({
      interviews: [],
      complete: true,
      infeasibilities: [],
      relevance: 0,
      relevanceBound: 0,
    });
  });
});
