import { ScheduleInstance } from './scheduling.types';

/** Default number of distinct binômes each candidate meets (issue 7). */
export const DEFAULT_MEETINGS_PER_CANDIDATE = 3;

/** Dense, index-based view of an instance shared by the generator and the diagnosis. */
export interface ScheduleModel {
  /** candidates, binômes, rounds, rooms, meetings per candidate, organisations */
  n: number;
  m: number;
  rounds: number;
  rooms: number;
  k: number;
  organisations: number;
  candidateIds: string[];
  binomeIds: string[];
  roomIds: string[];
  organisationIds: string[];
  /** distinct organisation indexes of each binôme */
  orgsOf: number[][];
  /** binomeAllowed[b * rounds + r] = 1 when binôme b is available in round r */
  binomeAllowed: Uint8Array;
  /** candidateAllowed[c * rounds + r] = 1 when candidate c is available in round r */
  candidateAllowed: Uint8Array;
  /** relevance[c * m + b], clamped to [0, 1] */
  relevance: Float64Array;
}

/** Builds the dense model; malformed figures (rounds, relevance) are clamped, out-of-range rounds ignored. */
export function buildModel(instance: ScheduleInstance): ScheduleModel {
  const rounds = Number.isInteger(instance.rounds) && instance.rounds > 0 ? instance.rounds : 0;
  const n = instance.candidates.length;
  const m = instance.binomes.length;
  const k = instance.meetingsPerCandidate ?? DEFAULT_MEETINGS_PER_CANDIDATE;
  const organisationIds: string[] = [];
  const organisationIndex = new Map<string, number>();
  const orgsOf = instance.binomes.map((binome) => {
    const indexes: number[] = [];
    for (const id of binome.organisationIds) {
      let index = organisationIndex.get(id);
      if (index === undefined) {
        index = organisationIds.length;
        organisationIndex.set(id, index);
        organisationIds.push(id);
      }
      if (!indexes.includes(index)) indexes.push(index);
    }
    return indexes;
  });
  const binomeAllowed = new Uint8Array(m * rounds);
  instance.binomes.forEach((binome, b) => {
    for (const r of binome.availableRounds) if (Number.isInteger(r) && r >= 0 && r < rounds) binomeAllowed[b * rounds + r] = 1;
  });
  const candidateAllowed = new Uint8Array(n * rounds).fill(1);
  instance.candidates.forEach((candidate, c) => {
    for (const r of instance.candidateUnavailableRounds?.[candidate.id] ?? []) {
      if (Number.isInteger(r) && r >= 0 && r < rounds) candidateAllowed[c * rounds + r] = 0;
    }
  });
  const relevance = new Float64Array(n * m);
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < m; b++) {
      const value = Number(instance.relevance[c]?.[b] ?? 0);
      relevance[c * m + b] = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
    }
  }
  return {
    n,
    m,
    rounds,
    rooms: instance.rooms.length,
    k: Number.isInteger(k) && k > 0 ? k : 0,
    organisations: organisationIds.length,
    candidateIds: instance.candidates.map((candidate) => candidate.id),
    binomeIds: instance.binomes.map((binome) => binome.id),
    roomIds: [...instance.rooms],
    organisationIds,
    orgsOf,
    binomeAllowed,
    candidateAllowed,
    relevance,
  };
}
