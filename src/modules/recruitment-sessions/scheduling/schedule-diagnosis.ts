import { MinCostFlow } from './min-cost-flow';
import { ScheduleModel } from './schedule-model';
import { Infeasibility } from './scheduling.types';

/** Costs are integers: relevance in millionths. */
const RELEVANCE_SCALE = 1_000_000;

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
const list = (ids: string[]) => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} et ${ids.length - 5} autres` : ids.join(', '));

/**
 * Counting arguments that prove no schedule can give every candidate k distinct binômes; empty when none applies
 * (which does not prove a complete schedule exists).
 */
export function countingInfeasibilities(model: ScheduleModel): Infeasibility[] {
  const { n, m, k, rounds, rooms } = model;
  if (n === 0 || k === 0) return [];
  const found: Infeasibility[] = [];
  const demand = n * k;
  const demandText = `${plural(n, 'candidat', 'candidats')} × ${plural(k, 'entretien', 'entretiens')} = ${plural(demand, 'entretien', 'entretiens')}`;
  if (m < k) {
    found.push({
      code: 'not_enough_binomes',
      message: `Chaque candidat doit rencontrer ${plural(k, 'binôme différent', 'binômes différents')}, mais la session n’en compte que ${m}.`,
      proven: true,
    });
  }
  if (rounds < k) {
    found.push({
      code: 'not_enough_rounds',
      message: `${plural(k, 'entretien', 'entretiens')} par candidat demandent au moins ${plural(k, 'créneau', 'créneaux')}, mais la journée n’en compte que ${rounds}.`,
      proven: true,
    });
  }
  if (rooms * rounds < demand) {
    found.push({
      code: 'not_enough_rooms',
      message: `${demandText}, mais ${plural(rooms, 'salle', 'salles')} × ${plural(rounds, 'créneau', 'créneaux')} = ${plural(rooms * rounds, 'place', 'places')}.`,
      proven: true,
    });
  }
  let binomeSlots = 0;
  for (let i = 0; i < model.binomeAllowed.length; i++) binomeSlots += model.binomeAllowed[i];
  if (binomeSlots < demand && m >= k) {
    found.push({
      code: 'not_enough_capacity',
      message: `${demandText}, mais les binômes ne sont disponibles que sur ${plural(binomeSlots, 'créneau', 'créneaux')} au total (un entretien par binôme et par créneau).`,
      proven: true,
    });
  }
  if (!found.length) {
    // Per round, at most min(rooms, binômes available, candidates available) interviews can run.
    let perRound = 0;
    for (let r = 0; r < rounds; r++) {
      let binomes = 0;
      let candidates = 0;
      for (let b = 0; b < m; b++) binomes += model.binomeAllowed[b * rounds + r];
      for (let c = 0; c < n; c++) candidates += model.candidateAllowed[c * rounds + r];
      perRound += Math.min(rooms, binomes, candidates);
    }
    if (perRound < demand) {
      found.push({
        code: 'not_enough_capacity',
        message: `${demandText}, mais en comptant à chaque créneau le plus petit nombre entre salles, binômes disponibles et candidats disponibles, la journée n’offre que ${plural(perRound, 'place', 'places')}.`,
        proven: true,
      });
    }
  }
  const fewRounds: string[] = [];
  const fewBinomes: string[] = [];
  let fewRoundsMin = Infinity;
  let fewBinomesMin = Infinity;
  for (let c = 0; c < n; c++) {
    let usableRounds = 0;
    const reachable = new Set<number>();
    for (let r = 0; r < rounds; r++) {
      if (!model.candidateAllowed[c * rounds + r]) continue;
      let any = false;
      for (let b = 0; b < m; b++) {
        if (model.binomeAllowed[b * rounds + r]) {
          any = true;
          reachable.add(b);
        }
      }
      if (any) usableRounds++;
    }
    if (usableRounds < k && rounds >= k) {
      fewRounds.push(model.candidateIds[c]);
      fewRoundsMin = Math.min(fewRoundsMin, usableRounds);
    } else if (reachable.size < k && m >= k) {
      fewBinomes.push(model.candidateIds[c]);
      fewBinomesMin = Math.min(fewBinomesMin, reachable.size);
    }
  }
  const fewPairs: string[] = [];
  let fewPairsMax = 0;
  const flagged = new Set([...fewRounds, ...fewBinomes]);
  for (let c = 0; c < n; c++) {
    if (flagged.has(model.candidateIds[c]) || rounds < k || m < k) continue;
    const matched = distinctMeetings(model, c, k);
    if (matched < k) {
      fewPairs.push(model.candidateIds[c]);
      fewPairsMax = Math.max(fewPairsMax, matched);
    }
  }
  if (fewRounds.length) {
    found.push({
      code: 'availability_too_narrow',
      message: `${fewRounds.length > 1 ? 'Les candidats' : 'Le candidat'} ${list(fewRounds)} ${fewRounds.length > 1 ? 'ne sont disponibles' : 'n’est disponible'} que sur ${plural(fewRoundsMin, 'créneau', 'créneaux')}${fewRounds.length > 1 ? ' ou moins' : ''} où un binôme l’est aussi, pour ${plural(k, 'entretien', 'entretiens')} à passer.`,
      candidateIds: fewRounds,
      proven: true,
    });
  }
  if (fewBinomes.length) {
    found.push({
      code: 'availability_too_narrow',
      message: `${fewBinomes.length > 1 ? 'Les candidats' : 'Le candidat'} ${list(fewBinomes)} ne ${fewBinomes.length > 1 ? 'partagent' : 'partage'} un créneau disponible qu’avec ${plural(fewBinomesMin, 'binôme', 'binômes')}${fewBinomes.length > 1 ? ' ou moins' : ''}, pour ${plural(k, 'binôme différent', 'binômes différents')} à rencontrer.`,
      candidateIds: fewBinomes,
      proven: true,
    });
  }
  if (fewPairs.length) {
    found.push({
      code: 'availability_too_narrow',
      message: `${fewPairs.length > 1 ? 'Les candidats' : 'Le candidat'} ${list(fewPairs)} ne ${fewPairs.length > 1 ? 'peuvent' : 'peut'} rencontrer que ${plural(fewPairsMax, 'binôme', 'binômes')}${fewPairs.length > 1 ? ' au plus' : ''} à des créneaux différents, vu ${fewPairs.length > 1 ? 'leurs' : 'ses'} disponibilités et celles des binômes, pour ${plural(k, 'binôme différent', 'binômes différents')} à rencontrer.`,
      candidateIds: fewPairs,
      proven: true,
    });
  }
  return found;
}

/**
 * Largest number of distinct binômes the candidate can meet in distinct rounds, both available (bipartite matching
 * binômes–rounds, augmenting paths), stopping at `enough`.
 */
function distinctMeetings(model: ScheduleModel, c: number, enough: number): number {
  const { m, rounds } = model;
  const roundOwner = new Int32Array(rounds).fill(-1);
  const usable = (b: number, r: number) => model.binomeAllowed[b * rounds + r] === 1 && model.candidateAllowed[c * rounds + r] === 1;
  const augment = (b: number, seen: Uint8Array): boolean => {
    for (let r = 0; r < rounds; r++) {
      if (!usable(b, r) || seen[r]) continue;
      seen[r] = 1;
      if (roundOwner[r] === -1 || augment(roundOwner[r], seen)) {
        roundOwner[r] = b;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let b = 0; b < m && matched < enough; b++) if (augment(b, new Uint8Array(rounds))) matched++;
  return matched;
}

/** Candidate–binôme pairs chosen by the flow relaxation. */
export interface PairSelection {
  /** [candidate, binôme] index pairs */
  pairs: [number, number][];
  /** interviews the relaxation can hold at most (n·k when nothing is short) */
  maxInterviews: number;
  /** candidates (indexes) with fewer than k pairs in the relaxation */
  shortCandidates: number[];
  /** total relevance of the pairs: the best any complete schedule can reach when maxInterviews = n·k */
  relevance: number;
}

/**
 * The relaxation without the rule « one interview per candidate per round »: source → candidate (k units, each
 * further unit of a candidate worth less so shortages are spread) → binôme (one unit, if they share an available
 * round; cost −relevance) → (binôme, round) for its available rounds → round (at most one unit per room) → sink.
 * Any schedule is a flow of this network, so a max flow below n·k proves impossibility, and with n·k units its
 * pairs have the best relevance any complete schedule can reach.
 */
export function selectPairs(model: ScheduleModel): PairSelection {
  const { n, m, k, rounds, rooms } = model;
  const source = 0;
  const candidateNode = (c: number) => 1 + c;
  const binomeNode = (b: number) => 1 + n + b;
  const roundNode = (r: number) => 1 + n + m + r;
  const sink = 1 + n + m + rounds;
  const flow = new MinCostFlow(sink + 1);
  // Each further unit of a candidate is worth `fairness` less: it outweighs any relevance total, so the flow first
  // spreads the interviews it can place over candidates, then maximises relevance.
  const fairness = RELEVANCE_SCALE * (n * k + 1);
  for (let c = 0; c < n; c++) {
    for (let unit = 0; unit < k; unit++) flow.addEdge(source, candidateNode(c), 1, -fairness * (k - unit));
  }
  const pairEdges: { c: number; b: number; edge: number }[] = [];
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < m; b++) {
      let shared = false;
      for (let r = 0; r < rounds && !shared; r++) shared = model.binomeAllowed[b * rounds + r] === 1 && model.candidateAllowed[c * rounds + r] === 1;
      if (!shared) continue;
      const cost = -Math.round(model.relevance[c * m + b] * RELEVANCE_SCALE);
      pairEdges.push({ c, b, edge: flow.addEdge(candidateNode(c), binomeNode(b), 1, cost) });
    }
  }
  for (let b = 0; b < m; b++) {
    for (let r = 0; r < rounds; r++) if (model.binomeAllowed[b * rounds + r]) flow.addEdge(binomeNode(b), roundNode(r), 1, 0);
  }
  for (let r = 0; r < rounds; r++) flow.addEdge(roundNode(r), sink, rooms, 0);
  const result = flow.run(source, sink);
  const pairs: [number, number][] = [];
  const count = new Array<number>(n).fill(0);
  let relevance = 0;
  for (const { c, b, edge } of pairEdges) {
    if (flow.flowOn(edge) > 0) {
      pairs.push([c, b]);
      count[c]++;
      relevance += model.relevance[c * m + b];
    }
  }
  const shortCandidates: number[] = [];
  for (let c = 0; c < n; c++) if (count[c] < k) shortCandidates.push(c);
  return { pairs, maxInterviews: result.flow, shortCandidates, relevance };
}

/**
 * Max flow of the finer relaxation: source → candidate (k) → (candidate, binôme) (1) → (binôme, round) for the
 * rounds both are available → round (rooms) → sink. Still ignores only that a candidate has one interview per
 * round. Kept out of the relevance flow because its size is n·m·rounds edges; used to explain a failure.
 */
export function availabilityFlow(model: ScheduleModel): { maxInterviews: number; shortCandidates: number[] } {
  const { n, m, k, rounds, rooms } = model;
  const source = 0;
  const pairNodes: { c: number; b: number }[] = [];
  const pairIndex = new Int32Array(n * m).fill(-1);
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < m; b++) {
      for (let r = 0; r < rounds; r++) {
        if (model.binomeAllowed[b * rounds + r] && model.candidateAllowed[c * rounds + r]) {
          pairIndex[c * m + b] = pairNodes.length;
          pairNodes.push({ c, b });
          break;
        }
      }
    }
  }
  const candidateNode = (c: number) => 1 + c;
  const pairNode = (i: number) => 1 + n + i;
  const slotNode = (b: number, r: number) => 1 + n + pairNodes.length + b * rounds + r;
  const roundNode = (r: number) => 1 + n + pairNodes.length + m * rounds + r;
  const sink = 1 + n + pairNodes.length + m * rounds + rounds;
  const flow = new MinCostFlow(sink + 1);
  const candidateEdges = Array.from({ length: n }, (_, c) => flow.addEdge(source, candidateNode(c), k, 0));
  pairNodes.forEach(({ c, b }, i) => {
    flow.addEdge(candidateNode(c), pairNode(i), 1, 0);
    for (let r = 0; r < rounds; r++) {
      if (model.binomeAllowed[b * rounds + r] && model.candidateAllowed[c * rounds + r]) flow.addEdge(pairNode(i), slotNode(b, r), 1, 0);
    }
  });
  for (let b = 0; b < m; b++) {
    for (let r = 0; r < rounds; r++) if (model.binomeAllowed[b * rounds + r]) flow.addEdge(slotNode(b, r), roundNode(r), 1, 0);
  }
  for (let r = 0; r < rounds; r++) flow.addEdge(roundNode(r), sink, rooms, 0);
  const { flow: maxInterviews } = flow.run(source, sink);
  const shortCandidates = candidateEdges.flatMap((edge, c) => (flow.flowOn(edge) < k ? [c] : []));
  return { maxInterviews, shortCandidates };
}

/** A flow bound below n·k as a French reason: a proof that no complete schedule exists. */
export function flowInfeasibility(model: ScheduleModel, bound: { maxInterviews: number; shortCandidates: number[] }): Infeasibility {
  const demand = model.n * model.k;
  const ids = bound.shortCandidates.map((c) => model.candidateIds[c]);
  return {
    code: 'not_enough_capacity',
    message:
      `En croisant les disponibilités des binômes et des candidats avec les salles, au plus ${plural(bound.maxInterviews, 'entretien', 'entretiens')} ` +
      `peuvent avoir lieu sur les ${demand} demandés (${model.n} × ${model.k}), même en laissant un candidat passer deux entretiens au même créneau ; ` +
      `la répartition la plus favorable laisse incomplets : ${list(ids)}.`,
    candidateIds: ids,
    proven: true,
  };
}

/** Every reason proven by counting or by the flow relaxations, cheapest first; empty when none proves it. */
export function provenInfeasibilities(model: ScheduleModel, selection: PairSelection, counted = countingInfeasibilities(model)): Infeasibility[] {
  if (counted.length) return counted;
  if (selection.maxInterviews < model.n * model.k) return [flowInfeasibility(model, selection)];
  const finer = availabilityFlow(model);
  return finer.maxInterviews < model.n * model.k ? [flowInfeasibility(model, finer)] : [];
}
