import { provenInfeasibilities, selectPairs } from './schedule-diagnosis';
import { buildModel, ScheduleModel } from './schedule-model';
import { Infeasibility, ScheduledInterview, ScheduleInstance, ScheduleResult } from './scheduling.types';
// Seeded tie-breaks of the restarts: library code stays deterministic.
import { mulberry32 } from '../../../common/random/seeded-random';

const FREE = -1;
const SEVERAL = -2;
/** Nested ejections tried when a pair fits nowhere, even with an alternating-chain swap. */
const EJECTION_DEPTH = 2;
/** Ejection attempts per construction, so the run time stays bounded on large instances. */
const EJECTION_BUDGET = 40_000;
/** Constructions with another (seeded) order when the first leaves a candidate short. */
const RESTARTS = 3;
/** Exhaustive search for a complete schedule only on small instances (interviews n·k at most), within a node budget. */
const EXACT_SEARCH_MAX_INTERVIEWS = 48;
const EXACT_SEARCH_NODES = 400_000;
const SEED = 0x5e55_1011;

/**
 * Builds the day's schedule: each candidate meets meetingsPerCandidate distinct binômes, no candidate, binôme,
 * organisation or room twice in a round, within availabilities, maximising total relevance. Deterministic.
 */
export function generateSchedule(instance: ScheduleInstance): ScheduleResult {
  const model = buildModel(instance);
  const { n, k } = model;
  if (n === 0 || k === 0) return { interviews: [], complete: true, infeasibilities: [], relevance: 0, relevanceBound: 0 };
  const selection = selectPairs(model);
  let best = construct(model, selection.pairs, 0);
  for (let attempt = 1; attempt <= RESTARTS && !isComplete(model, best); attempt++) {
    const board = construct(model, selection.pairs, attempt);
    if (better(model, board, best)) best = board;
  }
  let proven: Infeasibility[] = [];
  if (!isComplete(model, best)) {
    proven = provenInfeasibilities(model, selection);
    if (!proven.length && n * k <= EXACT_SEARCH_MAX_INTERVIEWS) {
      const exact = exactSearch(model);
      if (exact.board) best = exact.board;
      else if (exact.exhausted) proven = [exhaustiveProof(model, best)];
    }
  }
  improveRelevance(model, best);
  const complete = isComplete(model, best);
  return {
    interviews: withRooms(model, best),
    complete,
    infeasibilities: complete ? [] : proven.length ? proven : [unexplained(model, best)],
    relevance: best.relevance(),
    relevanceBound: selection.maxInterviews === n * k ? selection.relevance : undefined,
  };
}

/**
 * What can be told before generating: the counting arguments and the flow bound that prove no complete schedule
 * exists (empty when none applies, which does not promise the generator will find one).
 */
export function diagnoseInstance(instance: ScheduleInstance): Infeasibility[] {
  const model = buildModel(instance);
  if (model.n === 0 || model.k === 0) return [];
  return provenInfeasibilities(model, selectPairs(model));
}

/** The interviews placed so far: candidate, binôme and round of each, with occupancy tables per round. */
class Board {
  readonly pc: number[] = [];
  readonly pb: number[] = [];
  readonly pr: number[] = [];
  readonly count: Int32Array;
  readonly met: Uint8Array;
  private readonly candidateAt: Int32Array;
  private readonly organisationAt: Int32Array;
  private readonly load: Int32Array;
  private readonly journal: number[] = [];
  private readonly frozen = new Set<number>();
  ejections = 0;

  constructor(private readonly model: ScheduleModel) {
    this.count = new Int32Array(model.n);
    this.met = new Uint8Array(model.n * model.m);
    this.candidateAt = new Int32Array(model.n * model.rounds).fill(FREE);
    this.organisationAt = new Int32Array(model.organisations * model.rounds).fill(FREE);
    this.load = new Int32Array(model.rounds);
  }

  get size(): number {
    return this.pc.length;
  }

  relevance(): number {
    let total = 0;
    for (let p = 0; p < this.size; p++) total += this.model.relevance[this.pc[p] * this.model.m + this.pb[p]];
    return total;
  }

  /** Adds the interview (c, b) if it can be placed, moving others as needed; leaves the board unchanged otherwise. */
  tryAdd(c: number, b: number, preferredRounds: Int32Array): boolean {
    const p = this.size;
    this.pc.push(c);
    this.pb.push(b);
    this.pr.push(FREE);
    const mark = this.journal.length;
    if (this.insert(p, EJECTION_DEPTH, preferredRounds)) {
      this.journal.length = 0;
      this.count[c]++;
      this.met[c * this.model.m + b] = 1;
      return true;
    }
    this.rollback(mark);
    this.journal.length = 0;
    this.pc.pop();
    this.pb.pop();
    this.pr.pop();
    return false;
  }

  /** Places an interview in a given round without checks (exact search results). */
  addPlaced(c: number, b: number, r: number): void {
    const p = this.size;
    this.pc.push(c);
    this.pb.push(b);
    this.pr.push(FREE);
    this.raw(p, r);
    this.count[c]++;
    this.met[c * this.model.m + b] = 1;
  }

  allowed(p: number, r: number): boolean {
    const { rounds } = this.model;
    return this.model.binomeAllowed[this.pb[p] * rounds + r] === 1 && this.model.candidateAllowed[this.pc[p] * rounds + r] === 1;
  }

  fits(p: number, r: number): boolean {
    if (!this.allowed(p, r) || this.load[r] >= this.model.rooms) return false;
    if (this.candidateAt[this.pc[p] * this.model.rounds + r] !== FREE) return false;
    return this.binomeFree(this.pb[p], r, p);
  }

  /** The binôme's organisations are all free in round r (or held by `except`). */
  binomeFree(b: number, r: number, except = FREE): boolean {
    for (const o of this.model.orgsOf[b]) {
      const holder = this.organisationAt[o * this.model.rounds + r];
      if (holder !== FREE && holder !== except) return false;
    }
    return true;
  }

  /** Replaces the binôme of a placed interview (same round), the caller having checked it fits. */
  changeBinome(p: number, b: number): void {
    const r = this.pr[p];
    const { m } = this.model;
    this.raw(p, FREE);
    this.met[this.pc[p] * m + this.pb[p]] = 0;
    this.pb[p] = b;
    this.met[this.pc[p] * m + b] = 1;
    this.raw(p, r);
  }

  /** Two interviews of the same round swap their binômes (each binôme keeps its round). */
  exchangeBinomes(p: number, q: number): void {
    const r = this.pr[p];
    const { m } = this.model;
    this.raw(p, FREE);
    this.raw(q, FREE);
    const [bp, bq] = [this.pb[p], this.pb[q]];
    this.met[this.pc[p] * m + bp] = 0;
    this.met[this.pc[q] * m + bq] = 0;
    this.pb[p] = bq;
    this.pb[q] = bp;
    this.met[this.pc[p] * m + bq] = 1;
    this.met[this.pc[q] * m + bp] = 1;
    this.raw(p, r);
    this.raw(q, r);
  }

  pairsInRound(r: number): number[] {
    const found: number[] = [];
    for (let p = 0; p < this.size; p++) if (this.pr[p] === r) found.push(p);
    return found;
  }

  private insert(p: number, depth: number, preferred: Int32Array): boolean {
    return this.direct(p, preferred) || this.kempe(p) || (depth > 0 && this.eject(p, depth, preferred));
  }

  private direct(p: number, preferred: Int32Array): boolean {
    for (let i = 0; i < preferred.length; i++) {
      if (this.fits(p, preferred[i])) {
        this.set(p, preferred[i]);
        return true;
      }
    }
    return false;
  }

  /** Unique interview holding the binôme's organisations in round r: FREE, or SEVERAL when two hold them. */
  private binomeHolder(b: number, r: number): number {
    let holder = FREE;
    for (const o of this.model.orgsOf[b]) {
      const h = this.organisationAt[o * this.model.rounds + r];
      if (h === FREE || h === holder) continue;
      if (holder !== FREE) return SEVERAL;
      holder = h;
    }
    return holder;
  }

  /**
   * Alternating-chain swap (König's edge colouring): round α is free for the candidate but taken for the binôme,
   * round β the reverse; swapping α and β along the chain of interviews that starts at the binôme frees α for both.
   * Both orientations are tried; a swap that breaks availability, rooms or organisations is undone.
   */
  private kempe(p: number): boolean {
    const { rounds } = this.model;
    const c = this.pc[p];
    const b = this.pb[p];
    for (let alpha = 0; alpha < rounds; alpha++) {
      if (!this.allowed(p, alpha)) continue;
      const candidateFree = this.candidateAt[c * rounds + alpha] === FREE;
      const binomeFree = this.binomeFree(b, alpha);
      if (candidateFree === binomeFree) continue;
      for (let beta = 0; beta < rounds; beta++) {
        if (beta === alpha || !this.allowed(p, beta)) continue;
        // The other side must be free in β, and this side taken there (otherwise β needs no chain).
        const first = candidateFree ? this.binomeHolder(b, alpha) : this.candidateAt[c * rounds + alpha];
        if (first < 0) continue;
        if (candidateFree ? !this.binomeFree(b, beta) : this.candidateAt[c * rounds + beta] !== FREE) continue;
        const chain = this.chain(first, alpha, beta, candidateFree);
        if (!chain) continue;
        const mark = this.journal.length;
        if (this.swap(chain, alpha, beta) && this.fits(p, alpha)) {
          this.set(p, alpha);
          return true;
        }
        this.rollback(mark);
      }
    }
    return false;
  }

  /** Interviews alternating α, β from `first`, continuing through the candidate when viaCandidate. */
  private chain(first: number, alpha: number, beta: number, viaCandidate: boolean): number[] | null {
    const path = [first];
    const seen = new Set(path);
    let current = first;
    let colour = alpha;
    let via = viaCandidate;
    for (;;) {
      const other = colour === alpha ? beta : alpha;
      const next = via ? this.candidateAt[this.pc[current] * this.model.rounds + other] : this.binomeHolder(this.pb[current], other);
      if (next === SEVERAL || seen.has(next)) return null;
      if (next === FREE) return path;
      path.push(next);
      seen.add(next);
      current = next;
      colour = other;
      via = !via;
    }
  }

  private swap(chain: number[], alpha: number, beta: number): boolean {
    const target = chain.map((q) => (this.pr[q] === alpha ? beta : alpha));
    for (const q of chain) this.set(q, FREE);
    for (let i = 0; i < chain.length; i++) {
      if (!this.fits(chain[i], target[i])) return false;
      this.set(chain[i], target[i]);
    }
    return true;
  }

  /** Puts p in a round, taking it from the interviews in the way, and re-inserts them (depth-limited). */
  private eject(p: number, depth: number, preferred: Int32Array): boolean {
    const { rounds, rooms } = this.model;
    const c = this.pc[p];
    this.frozen.add(p);
    try {
      for (let i = 0; i < preferred.length; i++) {
        const r = preferred[i];
        if (!this.allowed(p, r)) continue;
        if (++this.ejections > EJECTION_BUDGET) return false;
        const blockers = new Set<number>();
        const holder = this.candidateAt[c * rounds + r];
        if (holder !== FREE) blockers.add(holder);
        for (const o of this.model.orgsOf[this.pb[p]]) {
          const h = this.organisationAt[o * rounds + r];
          if (h !== FREE) blockers.add(h);
        }
        if ([...blockers].some((q) => this.frozen.has(q))) continue;
        const options: number[][] = [];
        if (this.load[r] - blockers.size < rooms) options.push([...blockers]);
        else {
          // The room is full too: one more interview of that round has to move.
          for (const q of this.pairsInRound(r)) if (!blockers.has(q) && !this.frozen.has(q)) options.push([...blockers, q]);
        }
        for (const out of options) {
          const mark = this.journal.length;
          for (const q of out) this.set(q, FREE);
          if (!this.fits(p, r)) {
            this.rollback(mark);
            continue;
          }
          this.set(p, r);
          if (out.every((q) => this.insert(q, depth - 1, preferred))) return true;
          this.rollback(mark);
        }
      }
      return false;
    } finally {
      this.frozen.delete(p);
    }
  }

  private set(p: number, r: number): void {
    this.journal.push(p, this.pr[p]);
    this.raw(p, r);
  }

  private raw(p: number, r: number): void {
    const { rounds } = this.model;
    const old = this.pr[p];
    if (old !== FREE) {
      this.candidateAt[this.pc[p] * rounds + old] = FREE;
      for (const o of this.model.orgsOf[this.pb[p]]) this.organisationAt[o * rounds + old] = FREE;
      this.load[old]--;
    }
    if (r !== FREE) {
      this.candidateAt[this.pc[p] * rounds + r] = p;
      for (const o of this.model.orgsOf[this.pb[p]]) this.organisationAt[o * rounds + r] = p;
      this.load[r]++;
    }
    this.pr[p] = r;
  }

  private rollback(mark: number): void {
    while (this.journal.length > mark) {
      const r = this.journal.pop() as number;
      const p = this.journal.pop() as number;
      this.raw(p, r);
    }
  }
}

function isComplete(model: ScheduleModel, board: Board): boolean {
  return board.size === model.n * model.k;
}

function better(model: ScheduleModel, a: Board, b: Board): boolean {
  if (a.size !== b.size) return a.size > b.size;
  return a.relevance() > b.relevance() + 1e-9;
}

/** Rounds few binômes can use come first, so flexible binômes leave them to the constrained ones. */
function roundPreference(model: ScheduleModel): Int32Array {
  const { m, rounds } = model;
  const popularity = new Array<number>(rounds).fill(0);
  for (let b = 0; b < m; b++) for (let r = 0; r < rounds; r++) popularity[r] += model.binomeAllowed[b * rounds + r];
  return Int32Array.from(
    Array.from({ length: rounds }, (_, r) => r).sort((x, y) => popularity[x] - popularity[y] || x - y),
  );
}

/** One greedy construction: the relaxation's pairs, most constrained first, then substitutes for what is missing. */
function construct(model: ScheduleModel, pairs: [number, number][], attempt: number): Board {
  const { n, m, k, rounds } = model;
  const board = new Board(model);
  const random = mulberry32(SEED + attempt);
  const preferred = roundPreference(model);
  const binomeRounds = new Array<number>(m).fill(0);
  for (let b = 0; b < m; b++) for (let r = 0; r < rounds; r++) binomeRounds[b] += model.binomeAllowed[b * rounds + r];
  const shared = (c: number, b: number) => {
    let count = 0;
    for (let r = 0; r < rounds; r++) count += model.binomeAllowed[b * rounds + r] & model.candidateAllowed[c * rounds + r];
    return count;
  };
  const tie = pairs.map(() => (attempt === 0 ? 0 : random()));
  const order = pairs
    .map((pair, i) => ({ pair, i, shared: shared(pair[0], pair[1]), binome: binomeRounds[pair[1]] }))
    .sort((x, y) => x.shared - y.shared || x.binome - y.binome || tie[x.i] - tie[y.i] || x.i - y.i);
  for (const { pair } of order) board.tryAdd(pair[0], pair[1], preferred);
  for (let c = 0; c < n; c++) {
    if (board.count[c] >= k) continue;
    const substitutes = Array.from({ length: m }, (_, b) => b)
      .filter((b) => !board.met[c * m + b] && shared(c, b) > 0)
      .sort((x, y) => model.relevance[c * m + y] - model.relevance[c * m + x] || x - y);
    for (const b of substitutes) {
      if (board.count[c] >= k) break;
      board.tryAdd(c, b, preferred);
    }
  }
  return board;
}

/**
 * Exhaustive search for a complete schedule (small instances): one interview at a time for the candidate with
 * the fewest options, each candidate's binômes in increasing order (no permutation explored twice), the most
 * relevant option first. No board when none exists (exhausted: the search covered every case) or when the node
 * budget ran out (not exhausted).
 */
function exactSearch(model: ScheduleModel): { board: Board | null; exhausted: boolean } {
  const { n, m, k, rounds, rooms } = model;
  const candidateAt = new Uint8Array(n * rounds);
  const organisationAt = new Uint8Array(model.organisations * rounds);
  const load = new Int32Array(rounds);
  const need = new Array<number>(n).fill(k);
  const lastBinome = new Array<number>(n).fill(-1);
  const chosen: [number, number, number][] = [];
  let nodes = 0;
  const fits = (c: number, b: number, r: number) =>
    model.binomeAllowed[b * rounds + r] === 1 &&
    model.candidateAllowed[c * rounds + r] === 1 &&
    !candidateAt[c * rounds + r] &&
    load[r] < rooms &&
    model.orgsOf[b].every((o) => !organisationAt[o * rounds + r]);
  const occupy = (c: number, b: number, r: number, value: 0 | 1) => {
    candidateAt[c * rounds + r] = value;
    for (const o of model.orgsOf[b]) organisationAt[o * rounds + r] = value;
    load[r] += value ? 1 : -1;
  };
  const search = (): boolean => {
    if (++nodes > EXACT_SEARCH_NODES) return false;
    let pick = -1;
    let pickOptions: [number, number][] = [];
    for (let c = 0; c < n; c++) {
      if (need[c] === 0) continue;
      const options: [number, number][] = [];
      const binomes = new Set<number>();
      const roundsLeft = new Set<number>();
      for (let b = 0; b < m; b++) {
        for (let r = 0; r < rounds; r++) {
          if (!fits(c, b, r)) continue;
          roundsLeft.add(r);
          binomes.add(b);
          if (b > lastBinome[c]) options.push([b, r]);
        }
      }
      if (binomes.size < need[c] || roundsLeft.size < need[c] || options.length === 0) return false;
      if (pick === -1 || options.length < pickOptions.length) {
        pick = c;
        pickOptions = options;
      }
    }
    if (pick === -1) return true;
    const c = pick;
    pickOptions.sort((x, y) => model.relevance[c * m + y[0]] - model.relevance[c * m + x[0]] || x[0] - y[0] || x[1] - y[1]);
    for (const [b, r] of pickOptions) {
      const previous = lastBinome[c];
      occupy(c, b, r, 1);
      need[c]--;
      lastBinome[c] = b;
      chosen.push([c, b, r]);
      if (search()) return true;
      chosen.pop();
      lastBinome[c] = previous;
      need[c]++;
      occupy(c, b, r, 0);
      if (nodes > EXACT_SEARCH_NODES) return false;
    }
    return false;
  };
  if (!search()) return { board: null, exhausted: nodes <= EXACT_SEARCH_NODES };
  const board = new Board(model);
  for (const [c, b, r] of chosen) board.addPlaced(c, b, r);
  return { board, exhausted: true };
}

/**
 * Local improvement of relevance without moving any round: give an interview a more relevant binôme free in that
 * round, or exchange the binômes of two candidates in the same round, until nothing improves.
 */
function improveRelevance(model: ScheduleModel, board: Board): void {
  const { m, rounds } = model;
  const rel = (c: number, b: number) => model.relevance[c * m + b];
  for (let pass = 0; pass < 20; pass++) {
    let improved = false;
    for (let p = 0; p < board.size; p++) {
      const c = board.pc[p];
      const r = board.pr[p];
      let bestBinome = -1;
      let bestGain = 1e-9;
      for (let b = 0; b < m; b++) {
        if (board.met[c * m + b] || !model.binomeAllowed[b * rounds + r] || !board.binomeFree(b, r, p)) continue;
        const gain = rel(c, b) - rel(c, board.pb[p]);
        if (gain > bestGain) {
          bestGain = gain;
          bestBinome = b;
        }
      }
      if (bestBinome >= 0) {
        board.changeBinome(p, bestBinome);
        improved = true;
      }
    }
    for (let r = 0; r < rounds; r++) {
      const inRound = board.pairsInRound(r);
      for (let i = 0; i < inRound.length; i++) {
        for (let j = i + 1; j < inRound.length; j++) {
          const p = inRound[i];
          const q = inRound[j];
          const [c1, b1, c2, b2] = [board.pc[p], board.pb[p], board.pc[q], board.pb[q]];
          if (board.met[c1 * m + b2] || board.met[c2 * m + b1]) continue;
          if (rel(c1, b2) + rel(c2, b1) - rel(c1, b1) - rel(c2, b2) <= 1e-9) continue;
          // Both binômes stay in round r, so only the candidates' meetings change.
          board.exchangeBinomes(p, q);
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
}

/** Rooms: each binôme keeps one room all day when there are enough; otherwise the room it had in the round before. */
function withRooms(model: ScheduleModel, board: Board): ScheduledInterview[] {
  const { m, rounds, roomIds } = model;
  const room = new Int32Array(board.size).fill(FREE);
  const lastRoom = new Int32Array(m).fill(FREE);
  for (let r = 0; r < rounds; r++) {
    const inRound = board.pairsInRound(r).sort((p, q) => board.pb[p] - board.pb[q]);
    const taken = new Uint8Array(roomIds.length);
    const wanted = (p: number) => (roomIds.length >= m ? board.pb[p] : lastRoom[board.pb[p]]);
    for (const p of inRound) {
      const w = wanted(p);
      if (w !== FREE && !taken[w]) {
        room[p] = w;
        taken[w] = 1;
      }
    }
    for (const p of inRound) {
      if (room[p] !== FREE) continue;
      const free = taken.indexOf(0);
      room[p] = free;
      taken[free] = 1;
    }
    for (const p of inRound) lastRoom[board.pb[p]] = room[p];
  }
  const order = Array.from({ length: board.size }, (_, p) => p).sort(
    (p, q) => board.pr[p] - board.pr[q] || room[p] - room[q] || board.pc[p] - board.pc[q],
  );
  return order.map((p) => ({
    candidateId: model.candidateIds[board.pc[p]],
    binomeId: model.binomeIds[board.pb[p]],
    round: board.pr[p],
    roomId: roomIds[room[p]],
  }));
}

const shortList = (ids: string[]) => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} et ${ids.length - 5} autres` : ids.join(', '));

function shortCandidates(model: ScheduleModel, board: Board): { ids: string[]; missing: number } {
  const ids: string[] = [];
  let missing = 0;
  for (let c = 0; c < model.n; c++) {
    if (board.count[c] < model.k) {
      ids.push(model.candidateIds[c]);
      missing += model.k - board.count[c];
    }
  }
  return { ids, missing };
}

/** The search tried every case (small instance): that is a proof, though no count shows it. */
function exhaustiveProof(model: ScheduleModel, board: Board): Infeasibility {
  const { ids } = shortCandidates(model, board);
  return {
    code: 'availability_too_narrow',
    message:
      `Une recherche exhaustive montre qu’aucun planning ne donne ${model.k} binômes différents à chaque candidat : ` +
      `les disponibilités des candidats et des binômes ne se croisent pas assez. Le planning proposé laisse incomplets : ${shortList(ids)}.`,
    candidateIds: ids,
    proven: true,
  };
}

/** The honest report when nothing proves impossibility but the search found no complete schedule. */
function unexplained(model: ScheduleModel, board: Board): Infeasibility {
  const { ids, missing } = shortCandidates(model, board);
  return {
    code: 'availability_too_narrow',
    message:
      `Aucun décompte ne prouve que c’est impossible, mais la recherche n’a pas trouvé de planning complet : ` +
      `${missing} entretien${missing > 1 ? 's' : ''} manque${missing > 1 ? 'nt' : ''} pour ${shortList(ids)}. ` +
      `Les disponibilités croisées sont sans doute trop étroites : ajoutez un créneau ou une salle, élargissez une disponibilité, ou placez l’entretien à la main.`,
    candidateIds: ids,
    proven: false,
  };
}
