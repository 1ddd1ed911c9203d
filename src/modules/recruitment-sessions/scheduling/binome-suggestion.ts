import { BinomeCandidateOrganisation, BinomeSuggestion, OrganisationKind, SuggestedBinome } from './scheduling.types';

const KIND_LABEL: Record<OrganisationKind, { one: string; two: string }> = {
  company: { one: 'entreprise', two: 'Deux entreprises' },
  temp_agency: { one: 'agence d’intérim', two: 'Deux agences d’intérim' },
  training_body: { one: 'organisme de formation', two: 'Deux organismes de formation' },
  insertion_structure: { one: 'structure d’insertion', two: 'Deux structures d’insertion' },
};
const KIND_ORDER: OrganisationKind[] = ['company', 'temp_agency', 'training_body', 'insertion_structure'];
/** Up to this many organisations left to pair, the matching is exact (dynamic programming over subsets). */
export const EXACT_MATCHING_MAX = 20;
const EPSILON = 1e-9;

/** Thrown for locked pairs that name an unknown organisation, or one organisation twice. */
export class BinomeSuggestionError extends Error {}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * How well two organisations complement each other, with the French reasons. A company with a temp agency, a
 * training body or an insertion structure scores 3; two different non-company kinds 2; two companies 1; two of
 * the same other kind 0.5. Different sectors add up to 1.5 (share of sectors not in common), so the kind decides
 * first and the sectors break ties among kinds.
 */
export function complementarity(a: BinomeCandidateOrganisation, b: BinomeCandidateOrganisation): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score: number;
  if (a.kind === b.kind) {
    score = a.kind === 'company' ? 1 : 0.5;
    reasons.push(KIND_LABEL[a.kind].two);
  } else {
    const [first, second] = KIND_ORDER.indexOf(a.kind) < KIND_ORDER.indexOf(b.kind) ? [a, b] : [b, a];
    score = first.kind === 'company' ? 3 : 2;
    reasons.push(`${capitalise(KIND_LABEL[first.kind].one)} et ${KIND_LABEL[second.kind].one}`);
  }
  const sa = new Set(a.sectors);
  const sb = new Set(b.sectors);
  if (sa.size && sb.size) {
    const common = [...sa].filter((sector) => sb.has(sector));
    const union = new Set([...sa, ...sb]).size;
    score += 1.5 * (1 - common.length / union);
    if (!common.length) reasons.push(`Secteurs différents : ${[...sa].join(', ')} et ${[...sb].join(', ')}`);
    else if (common.length < union) reasons.push(`Secteurs en partie différents (en commun : ${common.join(', ')})`);
    else reasons.push(`Mêmes secteurs : ${common.join(', ')}`);
  }
  return { score: Math.round(score * 100) / 100, reasons };
}

/** « créneaux 1 à 5 et 9 » for rounds [0..4, 8]: the rounds as shown to the coordinator (numbered from 1), by runs. */
export function describeRounds(rounds: readonly number[]): string {
  const sorted = [...new Set(rounds)].sort((x, y) => x - y);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(i === j ? `${sorted[i] + 1}` : `${sorted[i] + 1} à ${sorted[j] + 1}`);
    i = j + 1;
  }
  const list = runs.length > 1 ? `${runs.slice(0, -1).join(', ')} et ${runs[runs.length - 1]}` : (runs[0] ?? '');
  return `${sorted.length > 1 ? 'créneaux' : 'créneau'} ${list}`;
}

export interface PairAssessment {
  score: number;
  reasons: string[];
  /** false when both organisations gave their rounds and share none: the binôme could never interview. */
  usable: boolean;
}

/**
 * What a binôme loses per share of time wasted (the share of the longer-present organisation's rounds its partner
 * misses): twice the best complementarity (4.5). Losing half a day (−4.5 or more) outweighs the gap between the best
 * and the worst complementarity (4), so two morning-only organisations pair together rather than each wasting a
 * full-day one's afternoon (property-tested); losing one round of twelve (−0.75) weighs like a sector difference.
 */
const TIME_LOSS_WEIGHT = 9;

/**
 * Complementarity minus TIME_LOSS_WEIGHT × the share of time lost, when both organisations gave their rounds: a binôme
 * only interviews in the rounds both attend, so pairing a morning-only organisation with a full-day one wastes the
 * latter's afternoon. The score may be negative. Without rounds on either side it is the complementarity alone.
 */
export function assessPair(a: BinomeCandidateOrganisation, b: BinomeCandidateOrganisation): PairAssessment {
  const { score, reasons } = complementarity(a, b);
  if (!a.availableRounds || !b.availableRounds) return { score, reasons, usable: true };
  const ra = new Set(a.availableRounds);
  const rb = new Set(b.availableRounds);
  const shared = [...ra].filter((round) => rb.has(round));
  if (!shared.length) return { score: 0, reasons: [...reasons, 'Aucun créneau commun : ce binôme ne pourra faire aucun entretien'], usable: false };
  const longest = Math.max(ra.size, rb.size);
  const hours =
    shared.length === longest
      ? `Mêmes horaires (${describeRounds(shared)})`
      : `Horaires communs : ${shared.length} créneaux sur ${longest} (${describeRounds(shared)})`;
  const lost = 1 - shared.length / longest;
  return { score: Math.round((score - TIME_LOSS_WEIGHT * lost) * 100) / 100, reasons: [...reasons, hours], usable: true };
}

/**
 * Pairs organisations into complementary binômes. `locked` pairs (fixed by the coordinator) are kept as they are;
 * the others are paired to maximise, first, the number of binômes sharing a round (when rounds are given), then the
 * total score (assessPair): exactly (dynamic programming over subsets) up to EXACT_MATCHING_MAX organisations left to
 * pair, above that greedily then improved by re-pairing any two or three binômes until none helps (a local optimum).
 * With an odd count, the organisation whose absence costs least stays unpaired. A pair sharing no round is never
 * suggested: when nothing better exists its two organisations stay unpaired, with the reason.
 */
export function suggestBinomes(organisations: BinomeCandidateOrganisation[], locked: [string, string][] = []): BinomeSuggestion {
  const byId = new Map<string, BinomeCandidateOrganisation>();
  for (const organisation of organisations) {
    if (byId.has(organisation.id)) throw new BinomeSuggestionError(`L’organisation ${organisation.id} figure deux fois.`);
    byId.set(organisation.id, organisation);
  }
  const taken = new Set<string>();
  const binomes: SuggestedBinome[] = [];
  for (const [x, y] of locked) {
    for (const id of [x, y]) {
      if (!byId.has(id)) throw new BinomeSuggestionError(`Le binôme fixé ${x} – ${y} cite une organisation inconnue : ${id}.`);
      if (taken.has(id) || x === y) throw new BinomeSuggestionError(`L’organisation ${id} figure dans plus d’un binôme fixé.`);
      taken.add(id);
    }
    const { score, reasons } = assessPair(byId.get(x) as BinomeCandidateOrganisation, byId.get(y) as BinomeCandidateOrganisation);
    binomes.push({ organisationIds: [x, y], score, reasons: ['Binôme fixé par la coordination', ...reasons], locked: true });
  }
  const free = organisations.filter((organisation) => !taken.has(organisation.id));
  const assessments = free.map((a) => free.map((b) => (a === b ? null : assessPair(a, b))));
  // A pair sharing no round weighs less than any matching of usable pairs can gain, so the matching first
  // minimises such pairs (maximising the usable ones), then maximises the score; those it still forms are undone.
  // Any matching's usable total lies within ±(sum of each organisation's largest |score|): 1 + twice that is enough.
  const bound = 1 + 2 * assessments.reduce((sum, row) => sum + Math.max(0, ...row.map((x) => (x?.usable ? Math.abs(x.score) : 0))), 0);
  const weight = assessments.map((row) => row.map((x) => (!x ? 0 : x.usable ? x.score : -bound)));
  const { pairs, single } = free.length <= EXACT_MATCHING_MAX ? exactMatching(weight) : improvedMatching(weight);
  const left: { index: number; reason: string }[] = [];
  for (const [i, j] of pairs) {
    const { score, reasons, usable } = assessments[i][j] as PairAssessment;
    if (usable) binomes.push({ organisationIds: [free[i].id, free[j].id], score, reasons, locked: false });
    else left.push({ index: i, reason: noSharedRound(free[i]) }, { index: j, reason: noSharedRound(free[j]) });
  }
  if (single !== -1) {
    // Beside organisations left alone for their hours, the odd one shares no round with them either (optimality).
    const reason = left.length
      ? noSharedRound(free[single])
      : `Nombre impair d’organisations à associer (${free.length}) : ${free[single].name} reste sans partenaire. Associez-la à la main ou ajoutez une organisation.`;
    left.push({ index: single, reason });
  }
  left.sort((x, y) => x.index - y.index);
  return { binomes, unpaired: left.map(({ index, reason }) => ({ organisationId: free[index].id, reason })) };
}

/**
 * Why an organisation of a pair sharing no round stays alone. The matching maximises the usable pairs, so no two
 * organisations left free share a round (exactly; the heuristic's re-pairing of any two groups ensures it too).
 */
function noSharedRound(organisation: BinomeCandidateOrganisation): string {
  const rounds = organisation.availableRounds ?? [];
  if (!rounds.length) return `${organisation.name} n’est présente sur aucun créneau de la journée d’entretiens : elle reste sans partenaire. Élargissez ses horaires.`;
  return `${organisation.name} reste sans partenaire : aucune des organisations restées libres n’a de créneau en commun avec elle (${describeRounds(rounds)}). Élargissez ses horaires ou formez un binôme à la main.`;
}

interface Matching {
  pairs: [number, number][];
  /** index left alone (odd count), or -1 */
  single: number;
}

/** Maximum-weight perfect matching (one vertex left out when odd) by dynamic programming over subsets. */
export function exactMatching(weight: number[][]): Matching {
  const size = weight.length;
  const full = (1 << size) - 1;
  const odd = size % 2 === 1;
  // best[mask * 2 + s]: best total pairing the vertices outside mask, s = 1 when the single is still allowed.
  const best = new Float64Array((full + 1) * 2).fill(NaN);
  const solve = (mask: number, singleAllowed: number): number => {
    if (mask === full) return singleAllowed && odd ? -Infinity : 0;
    const key = mask * 2 + singleAllowed;
    if (!Number.isNaN(best[key])) return best[key];
    let i = 0;
    while (mask & (1 << i)) i++;
    let value = -Infinity;
    if (singleAllowed) value = solve(mask | (1 << i), 0);
    for (let j = i + 1; j < size; j++) {
      if (mask & (1 << j)) continue;
      const candidate = weight[i][j] + solve(mask | (1 << i) | (1 << j), singleAllowed);
      if (candidate > value + EPSILON) value = candidate;
    }
    best[key] = value;
    return value;
  };
  const pairs: [number, number][] = [];
  let single = -1;
  let mask = 0;
  let singleAllowed = odd ? 1 : 0;
  const total = solve(0, singleAllowed);
  let remaining = total;
  while (mask !== full) {
    let i = 0;
    while (mask & (1 << i)) i++;
    if (singleAllowed && Math.abs(solve(mask | (1 << i), 0) - remaining) <= EPSILON) {
      single = i;
      mask |= 1 << i;
      singleAllowed = 0;
      continue;
    }
    for (let j = i + 1; j < size; j++) {
      if (mask & (1 << j)) continue;
      const rest = solve(mask | (1 << i) | (1 << j), singleAllowed);
      if (Math.abs(weight[i][j] + rest - remaining) <= EPSILON) {
        pairs.push([i, j]);
        mask |= (1 << i) | (1 << j);
        remaining = rest;
        break;
      }
    }
  }
  return { pairs, single };
}

/**
 * Greedy by weight, then local search while the total improves: re-pairing the four organisations of any two
 * binômes, then the six of any three (all 15 ways), the single (odd count) counting as a binôme with nobody.
 */
export function improvedMatching(weight: number[][]): Matching {
  const size = weight.length;
  const edges: [number, number][] = [];
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) edges.push([i, j]);
  edges.sort((x, y) => weight[y[0]][y[1]] - weight[x[0]][x[1]] || x[0] - y[0] || x[1] - y[1]);
  const partner = new Array<number>(size).fill(-1);
  for (const [i, j] of edges) {
    if (partner[i] === -1 && partner[j] === -1) {
      partner[i] = j;
      partner[j] = i;
    }
  }
  const w = (i: number, j: number) => (i === -1 || j === -1 ? 0 : weight[i][j]);
  const groups = (): [number, number][] => {
    const list: [number, number][] = [];
    for (let i = 0; i < size; i++) if (partner[i] === -1) list.push([i, -1]);
      else if (i < partner[i]) list.push([i, partner[i]]);
    return list;
  };
  /** Best re-pairing of the given vertices (−1 = nobody), when better than the current one by more than EPSILON. */
  const rePair = (pairs: [number, number][]): boolean => {
    const vertices = pairs.flat();
    const current = pairs.reduce((sum, [i, j]) => sum + w(i, j), 0);
    let best = current + EPSILON;
    let bestPairs: [number, number][] | null = null;
    const chosen: [number, number][] = [];
    const walk = (left: number[], value: number) => {
      if (left.length === 0) {
        if (value > best) {
          best = value;
          bestPairs = [...chosen];
        }
        return;
      }
      const [first, ...rest] = left;
      for (let x = 0; x < rest.length; x++) {
        chosen.push([first, rest[x]]);
        walk(
          rest.filter((_, y) => y !== x),
          value + w(first, rest[x]),
        );
        chosen.pop();
      }
    };
    walk(vertices, 0);
    if (!bestPairs) return false;
    for (const [i, j] of bestPairs as [number, number][]) {
      if (i !== -1) partner[i] = j;
      if (j !== -1) partner[j] = i;
    }
    return true;
  };
  for (let improved = true; improved; ) {
    improved = false;
    let list = groups();
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        if (rePair([list[x], list[y]])) {
          improved = true;
          list = groups();
        }
      }
    }
    if (improved) continue;
    for (let x = 0; x < list.length && !improved; x++) {
      for (let y = x + 1; y < list.length && !improved; y++) {
        for (let z = y + 1; z < list.length && !improved; z++) improved = rePair([list[x], list[y], list[z]]);
      }
    }
  }
  const pairs: [number, number][] = [];
  let single = -1;
  for (let i = 0; i < size; i++) {
    if (partner[i] === -1) single = i;
    else if (i < partner[i]) pairs.push([i, partner[i]]);
  }
  return { pairs, single };
}
