#!/usr/bin/env node
'use strict';
/*
 * Interview schedule of recruitment sessions (issue 7), pure computation, no database:
 *  1. generation time of generateSchedule() on realistic instances: 10 candidates × 12 organisations (6 binômes,
 *     12 rounds of a 9:00–17:00 day, one room per binôme, two binômes there only in the morning, a few candidates
 *     busy in some rounds); goal < 50 ms. 200 candidates × 100 organisations (50 binômes, 16 rounds, one room per
 *     binôme, a fifth of the binômes there only in the morning), and the same on a tight day of 14 rounds (600
 *     interviews for 630 binôme slots); goal < 2 s. One warm-up run each, not counted;
 *     median and max of the timed runs; every schedule re-checked with checkSchedule().
 *  2. relevance of the generated schedule as a ratio of the optimum, on many small instances of two families
 *     (6 candidates, 4–5 binômes, 5–6 rounds, 3–5 rooms, narrow availabilities; 5 candidates, 6 binômes, 3–4
 *     rounds, a room per binôme), each solved exactly here: counting checks, then branch and bound over each
 *     candidate's set of binômes, pruned by the relevance bound and by an exact placement check (rounds, rooms,
 *     availabilities) of every partial choice. Goal ≥ 0.95. Also counts instances where the generator missed a
 *     complete schedule the solver found (must be 0).
 * Deterministic: instances come from fixed seeds.
 * Usage: npm run build && node bench/session-schedule.js [timed runs=15] [small instances per family=300]
 * Exit code: 0 with figures (goals met or missed), 3 when a generated schedule breaks a hard constraint or misses
 * coverage on an instance the exact solver completes, 2 for a bad argument or a missing build.
 */
const os = require('node:os');
const { requireBuild, median, positive, verdict, now } = require('./support');

const RUNS = positive(process.argv[2], 15, 'timed runs');
const SMALL_INSTANCES = positive(process.argv[3], 300, 'small instances');
const load = requireBuild();
const { generateSchedule, checkSchedule } = load('modules/recruitment-sessions/scheduling/index.js');

/** Seeded uniform [0, 1) generator (mulberry32, shared with the application). */
const { mulberry32: random } = load('common/random/seeded-random.js');
const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const range = (n) => Array.from({ length: n }, (_, i) => i);
const DOMAINS = 'ABCDEFGHIJKLMN'.split('');

/**
 * A session day: binômes need 2–3 ROME domains, candidates target 1–2; relevance is 0.6 × the share of the
 * candidate's domains the binôme needs + 0.4 × noise, so ties are rare and the optimum is not trivial.
 */
function realisticInstance({ seed, candidates, binomes, rounds, morningOnlyShare, rooms }) {
  const rand = random(seed);
  const needs = range(binomes).map(() => new Set(range(2 + Math.floor(rand() * 2)).map(() => pick(rand, DOMAINS))));
  const targets = range(candidates).map(() => new Set(range(1 + Math.floor(rand() * 2)).map(() => pick(rand, DOMAINS))));
  const morning = Math.ceil(rounds / 2);
  const morningOnly = Math.round(binomes * morningOnlyShare);
  return {
    rounds,
    rooms: range(rooms ?? binomes).map((i) => `salle-${i + 1}`),
    candidates: range(candidates).map((i) => ({ id: `PSG-${String(i).padStart(4, '0')}` })),
    binomes: range(binomes).map((b) => ({
      id: `B${b + 1}`,
      organisationIds: [`O${2 * b + 1}`, `O${2 * b + 2}`],
      availableRounds: range(b < morningOnly ? morning : rounds),
    })),
    relevance: targets.map((target) =>
      needs.map((need) => {
        const shared = [...target].filter((domain) => need.has(domain)).length / target.size;
        return Math.round((0.6 * shared + 0.4 * rand()) * 1000) / 1000;
      }),
    ),
    meetingsPerCandidate: 3,
    candidateUnavailableRounds: Object.fromEntries(
      range(candidates)
        .filter(() => rand() < 0.1)
        .map((c) => [`PSG-${String(c).padStart(4, '0')}`, [Math.floor(rand() * rounds), Math.floor(rand() * rounds)]]),
    ),
  };
}

/** Small and often tight: few rounds and rooms, binômes missing some rounds, candidates busy in one. */
function smallInstance(seed) {
  const rand = random(seed);
  const candidates = 6;
  const binomes = 4 + Math.floor(rand() * 2);
  const rounds = 5 + Math.floor(rand() * 2);
  const rooms = 3 + Math.floor(rand() * 3);
  return {
    rounds,
    rooms: range(rooms).map((i) => `S${i + 1}`),
    candidates: range(candidates).map((i) => ({ id: `C${i + 1}` })),
    binomes: range(binomes).map((b) => ({
      id: `B${b + 1}`,
      organisationIds: [`O${2 * b + 1}`, `O${2 * b + 2}`],
      availableRounds: range(rounds).filter(() => rand() < 0.8),
    })),
    relevance: range(candidates).map(() => range(binomes).map(() => Math.round(rand() * 100) / 100)),
    meetingsPerCandidate: 3,
    candidateUnavailableRounds: Object.fromEntries(range(candidates).filter(() => rand() < 0.2).map((c) => [`C${c + 1}`, [Math.floor(rand() * rounds)]])),
  };
}

/**
 * Few rounds: 5 candidates, 6 binômes, 3–4 rounds, a room per binôme, so each candidate is busy in most rounds and
 * the relaxation (which ignores that a candidate has one interview per round) often picks pairs that do not fit.
 */
function fewRoundsInstance(seed) {
  const rand = random(seed);
  const candidates = 5;
  const binomes = 6;
  const rounds = 3 + Math.floor(rand() * 2);
  return {
    rounds,
    rooms: range(binomes).map((i) => `S${i + 1}`),
    candidates: range(candidates).map((i) => ({ id: `C${i + 1}` })),
    binomes: range(binomes).map((b) => ({
      id: `B${b + 1}`,
      organisationIds: [`O${2 * b + 1}`, `O${2 * b + 2}`],
      availableRounds: range(rounds).filter(() => rand() < 0.7),
    })),
    relevance: range(candidates).map(() => range(binomes).map(() => Math.round(rand() * 100) / 100)),
    meetingsPerCandidate: 3,
    candidateUnavailableRounds: {},
  };
}

/**
 * Exact check that the chosen (candidate, binôme) pairs can be given rounds (rooms follow): backtracking on the
 * pair with the fewest rounds left, failing as soon as a pair, a candidate or a binôme has fewer free rounds than
 * interviews left.
 */
function placeable(instance, pairs) {
  const { rounds } = instance;
  const roomCount = instance.rooms.length;
  const n = instance.candidates.length;
  const m = instance.binomes.length;
  const allowed = pairs.map(([c, b]) => {
    const busy = instance.candidateUnavailableRounds[instance.candidates[c].id] ?? [];
    let mask = 0;
    for (const r of instance.binomes[b].availableRounds) if (!busy.includes(r)) mask |= 1 << r;
    return mask;
  });
  const candidateBusy = new Array(n).fill(0);
  const binomeBusy = new Array(m).fill(0);
  const loads = new Array(rounds).fill(0);
  const round = new Array(pairs.length).fill(-1);
  let full = 0;
  const bits = (mask) => {
    let count = 0;
    for (; mask; mask &= mask - 1) count++;
    return count;
  };
  const place = (left) => {
    if (left === 0) return true;
    let pickPair = -1;
    let pickMask = 0;
    let pickCount = Infinity;
    const candidateLeft = new Array(n).fill(0);
    const candidateRounds = new Array(n).fill(0);
    const binomeLeft = new Array(m).fill(0);
    const binomeRounds = new Array(m).fill(0);
    for (let e = 0; e < pairs.length; e++) {
      if (round[e] !== -1) continue;
      const [c, b] = pairs[e];
      const mask = allowed[e] & ~candidateBusy[c] & ~binomeBusy[b] & ~full;
      const count = bits(mask);
      if (count === 0) return false;
      candidateLeft[c]++;
      candidateRounds[c] |= mask;
      binomeLeft[b]++;
      binomeRounds[b] |= mask;
      if (count < pickCount) {
        pickPair = e;
        pickMask = mask;
        pickCount = count;
      }
    }
    for (let c = 0; c < n; c++) if (candidateLeft[c] > bits(candidateRounds[c])) return false;
    for (let b = 0; b < m; b++) if (binomeLeft[b] > bits(binomeRounds[b])) return false;
    const [c, b] = pairs[pickPair];
    for (let r = 0; r < rounds; r++) {
      if (!(pickMask & (1 << r))) continue;
      round[pickPair] = r;
      candidateBusy[c] |= 1 << r;
      binomeBusy[b] |= 1 << r;
      if (++loads[r] === roomCount) full |= 1 << r;
      if (place(left - 1)) return true;
      if (loads[r]-- === roomCount) full &= ~(1 << r);
      candidateBusy[c] &= ~(1 << r);
      binomeBusy[b] &= ~(1 << r);
      round[pickPair] = -1;
    }
    return false;
  };
  return place(pairs.length);
}

/** Best total relevance of a complete schedule, or null when none exists (branch and bound). */
function optimum(instance) {
  const n = instance.candidates.length;
  const m = instance.binomes.length;
  const k = instance.meetingsPerCandidate;
  const subsets = [];
  const choose = (start, chosen) => {
    if (chosen.length === k) return subsets.push([...chosen]);
    for (let b = start; b < m; b++) choose(b + 1, [...chosen, b]);
  };
  choose(0, []);
  // Counting first: a binôme holds one interview per available round, a room one per round.
  const demand = n * k;
  const binomeSlots = instance.binomes.reduce((sum, binome) => sum + binome.availableRounds.length, 0);
  if (binomeSlots < demand || instance.rooms.length * instance.rounds < demand) return null;
  let perRound = 0;
  for (let r = 0; r < instance.rounds; r++) {
    const binomes = instance.binomes.filter((binome) => binome.availableRounds.includes(r)).length;
    const candidates = instance.candidates.filter(({ id }) => !(instance.candidateUnavailableRounds[id] ?? []).includes(r)).length;
    perRound += Math.min(instance.rooms.length, binomes, candidates);
  }
  if (perRound < demand) return null;
  // Each candidate's sets that fit on their own, best first; candidates with the fewest such sets first.
  const options = range(n).map((c) =>
    subsets
      .filter((set) => placeable(instance, set.map((b) => [c, b])))
      .map((set) => ({ set, value: set.reduce((sum, b) => sum + instance.relevance[c][b], 0) }))
      .sort((x, y) => y.value - x.value),
  );
  if (options.some((list) => list.length === 0)) return null;
  const order = range(n).sort((x, y) => options[x].length - options[y].length || x - y);
  const bestRest = new Array(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) bestRest[i] = bestRest[i + 1] + options[order[i]][0].value;
  let best = null;
  const pairs = [];
  const search = (i, value) => {
    if (i === n) {
      best = value;
      return;
    }
    const c = order[i];
    for (const { set, value: v } of options[c]) {
      if (best !== null && value + v + bestRest[i + 1] <= best + 1e-9) break;
      for (const b of set) pairs.push([c, b]);
      if (placeable(instance, pairs)) search(i + 1, value + v);
      pairs.length -= set.length;
    }
  };
  search(0, 0);
  return best;
}

const ms = (value) => `${value.toFixed(1).padStart(8)} ms`;
let broken = false;

function timeGeneration(label, instance, goalMs) {
  const violations = (result) => checkSchedule(instance, result.interviews).filter((v) => v.code !== 'too_few_meetings');
  generateSchedule(instance);
  const times = [];
  let result;
  for (let run = 0; run < RUNS; run++) {
    const start = now();
    result = generateSchedule(instance);
    times.push(now() - start);
  }
  const bad = violations(result);
  if (bad.length) broken = true;
  const med = median(times);
  const max = Math.max(...times);
  const bound = result.relevanceBound ? ` (${((100 * result.relevance) / result.relevanceBound).toFixed(2)} % of the flow bound ${result.relevanceBound.toFixed(2)})` : '';
  console.log(`${label}`);
  console.log(`  instance        ${instance.candidates.length} candidates, ${instance.binomes.length} binômes, ${instance.rounds} rounds, ${instance.rooms.length} rooms, ${instance.candidates.length * 3} interviews wanted`);
  console.log(`  result          ${result.interviews.length} interviews, complete: ${result.complete}, hard-constraint violations: ${bad.length}, relevance ${result.relevance.toFixed(2)}${bound}`);
  console.log(`  time            median ${ms(med)}   max ${ms(max)}   (${RUNS} runs after one warm-up)   goal < ${goalMs} ms: ${verdict(max < goalMs)}`);
}

console.log(`Session schedule benchmark (issue 7) — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log('');
timeGeneration(
  '10 candidates × 12 organisations',
  realisticInstance({ seed: 7, candidates: 10, binomes: 6, rounds: 12, morningOnlyShare: 1 / 3 }),
  50,
);
timeGeneration(
  '200 candidates × 100 organisations',
  realisticInstance({ seed: 7, candidates: 200, binomes: 50, rounds: 16, morningOnlyShare: 0.2 }),
  2000,
);
timeGeneration(
  '200 candidates × 100 organisations, tight day (14 rounds: the interviews fill 95 % of the binômes’ slots)',
  realisticInstance({ seed: 7, candidates: 200, binomes: 50, rounds: 14, morningOnlyShare: 0.2 }),
  2000,
);

function relevanceRatios(label, make, firstSeed) {
  const ratios = [];
  let infeasible = 0;
  let missed = 0;
  /** instances whose optimum is below the flow relaxation's bound: there the best pairs cannot all be placed */
  let belowBound = 0;
  let solverMs = 0;
  let generatorMs = 0;
  for (let i = 0; i < SMALL_INSTANCES; i++) {
    const instance = make(firstSeed + i);
    let start = now();
    const best = optimum(instance);
    solverMs += now() - start;
    start = now();
    const result = generateSchedule(instance);
    generatorMs += now() - start;
    if (checkSchedule(instance, result.interviews).some((v) => v.code !== 'too_few_meetings')) broken = true;
    if (best === null) {
      infeasible++;
      if (result.complete) broken = true;
      continue;
    }
    if (!result.complete) {
      missed++;
      broken = true;
      continue;
    }
    ratios.push(best === 0 ? 1 : result.relevance / best);
    if (best < result.relevanceBound - 1e-9) belowBound++;
  }
  ratios.sort((a, b) => a - b);
  const mean = ratios.reduce((a, b) => a + b, 0) / (ratios.length || 1);
  console.log('');
  console.log(`Relevance vs exact optimum — ${SMALL_INSTANCES} ${label}; seeds ${firstSeed}–${firstSeed + SMALL_INSTANCES - 1}`);
  console.log(`  instances       ${ratios.length} with a complete schedule, ${infeasible} proven impossible by the exact solver, ${missed} complete schedules missed by the generator`);
  if (ratios.length) {
    console.log(`  ratio           min ${ratios[0].toFixed(3)}   median ${median(ratios).toFixed(3)}   mean ${mean.toFixed(4)}   at optimum ${ratios.filter((r) => r > 1 - 1e-9).length}/${ratios.length}`);
    console.log(`  relaxation      optimum below the flow bound in ${belowBound} of them (the bound's best pairs cannot all be placed)`);
    console.log(`  goal            min ratio ≥ 0.95: ${verdict(ratios[0] >= 0.95)}`);
  }
  console.log(`  time            exact solver ${(solverMs / SMALL_INSTANCES).toFixed(2)} ms per instance, generator ${(generatorMs / SMALL_INSTANCES).toFixed(2)} ms per instance`);
}

relevanceRatios('small instances (6 candidates, 4–5 binômes, 5–6 rounds, 3–5 rooms, narrow availabilities)', smallInstance, 1000);
relevanceRatios('few-round instances (5 candidates, 6 binômes, 3–4 rounds, one room per binôme)', fewRoundsInstance, 5000);
if (broken) {
  console.log('FAILED: a generated schedule broke a hard constraint or missed a feasible coverage (see above)');
  process.exit(3);
}
