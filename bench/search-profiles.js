#!/usr/bin/env node
'use strict';
/*
 * Employer profile search (issue 5), side by side with Meilisearch itself, in one run:
 *  1. reindex: ProfileIndexService.reindex() (shadow index, batches of REINDEX_BATCH, swap, catch-up, stale
 *     check) vs the same documents sent with the client's addDocuments, same batch size, into a fresh index
 *     with the same settings, each batch awaited; after a first reindex (not counted) fills the live index,
 *     alternating rounds, medians. Goal: ≤ 1.2×.
 *  2. search: GET /api/profile-search (the api in-process, an employer signed in) vs the exact multi-search
 *     the endpoint sends (buildSearchQueries(criteriaOf(query), MATCH_CANDIDATES)) posted straight to
 *     Meilisearch with the master key; same deterministic mix of queries (text + 2–3 filters, facets always),
 *     same concurrency, keep-alive agents, alternating timed rounds. Goals: throughput ≥ 80 % of raw,
 *     p50 ≤ raw p50 + 2 ms, p95 ≤ 1.5 × raw p95.
 *  3. freshness: the worker in-process (outbox relay + processors); a counsellor edits published profiles
 *     one after the other (0–250 ms apart) through the api; after each PATCH answer, Meilisearch is searched
 *     every 10 ms until the edit is visible. Goal: p95 ≤ 1 s.
 * Setup: scratch database, migrations, ROME 4.0 and basins from ../shared/data, an active employer
 * organisation, a partner organisation owning the generated published profiles; a local Meilisearch from
 * the npm binary unless MEILI_URL is set. Everything is stopped and dropped at the end, even on failure.
 * Exit code: 0 with figures (goals met or missed), 3 when a request failed (no result), 1 on a setup error
 * (2 for a bad argument, a missing build or reference file).
 * Usage: npm run build && node bench/search-profiles.js [profiles=100000] [concurrencies=1,8] [seconds per round=10]
 * Env: BENCH_SPLIT_CPUS (1: Meilisearch alone on the last core, as in a container of its own; local Meilisearch only),
 *   BENCH_REINDEX_ROUNDS (3; 0 only fills the index, to look at the search alone), BENCH_SEARCH_PAIRS (3), BENCH_EDITS (100), BENCH_QUERIES (200).
 * Besides the goals it prints the CPU each side costs per request (this process: load generator, plus the api
 * on the endpoint side; Meilisearch when it was launched here), because on a small machine they share the cores.
 */
const http = require('node:http');
const os = require('node:os');
const { randomBytes } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { requireBuild, sharedData, scratchDatabase, timed, median, fmt, positive, verdict, now, ownCpu, processCpu, flushRedis } = require('./support');

const PROFILES = positive(process.argv[2], 100_000, 'profiles');
/** Search concurrencies, each measured on its own ("1,8": one request at a time shows what the endpoint adds to a request; 8 loads the machine). */
const CONCURRENCIES = String(process.argv[3] ?? '1,8')
  .split(',')
  .map((value) => positive(value, undefined, 'concurrency'));
const SECONDS = positive(process.argv[4], 10, 'seconds');
const REINDEX_ROUNDS = positive(process.env.BENCH_REINDEX_ROUNDS, 3, 'BENCH_REINDEX_ROUNDS', 0);
const SEARCH_PAIRS = positive(process.env.BENCH_SEARCH_PAIRS, 3, 'BENCH_SEARCH_PAIRS');
const EDITS = positive(process.env.BENCH_EDITS, 100, 'BENCH_EDITS');
const QUERY_COUNT = positive(process.env.BENCH_QUERIES, 200, 'BENCH_QUERIES');
/** BENCH_SPLIT_CPUS=1: Meilisearch gets the last core to itself, this process (load generator, api, worker) the others, as when Meilisearch runs in a container of its own. */
const SPLIT_CPUS = process.env.BENCH_SPLIT_CPUS === '1';
const SEED = 2026;
const PASSWORD = 'Banc-de-mesure-recherche-2026';
const POLL_MS = 10;
const VISIBILITY_TIMEOUT_MS = 15_000;
const WARM_UP_MS = 2_000;

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const ms = (value, digits = 1) => `${value.toFixed(digits).padStart(8)} ms`;
const load1 = () => os.loadavg()[0].toFixed(2);
/**
 * Starts a measure of the machine's CPU steal (time the hypervisor gave to other guests); the returned function
 * gives the stolen share (%) since then. Linux /proc/stat; NaN elsewhere. A noisy neighbour shows here.
 */
function stealMeter() {
  const read = () => {
    try {
      const fields = require('node:fs').readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
      return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] };
    } catch {
      return { total: NaN, steal: NaN };
    }
  };
  const start = read();
  return () => {
    const end = read();
    return (100 * (end.steal - start.steal)) / (end.total - start.total);
  };
}

/** Pins Meilisearch (every thread) to the last core and this process to the others (Linux taskset). */
function splitCpus(meiliPid) {
  const last = os.cpus().length - 1;
  if (last < 1) throw new Error('BENCH_SPLIT_CPUS=1 needs at least 2 cores');
  const { execFileSync } = require('node:child_process');
  execFileSync('taskset', ['-a', '-p', '-c', String(last), String(meiliPid)], { stdio: 'ignore' });
  execFileSync('taskset', ['-a', '-p', '-c', last === 1 ? '0' : `0-${last - 1}`, String(process.pid)], { stdio: 'ignore' });
  return `Meilisearch on core ${last}, this process (load generator, api, worker) on ${last === 1 ? 'core 0' : `cores 0–${last - 1}`}; PostgreSQL and Redis unpinned`;
}

// ---------------------------------------------------------------------------------------------- http

/** One request on a keep-alive agent; the body is drained, not parsed, so both sides pay the same client cost. */
function send(agent, { port, method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

/** One request whose JSON answer is needed (setup, checks). */
function sendJson(agent, request) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', agent, ...request }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode, headers: res.headers, json, bytes: text.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Signs in through POST /api/auth/login; returns the cookie header and the CSRF token. */
async function signIn(agent, port, email) {
  const body = JSON.stringify({ email, password: PASSWORD });
  const res = await sendJson(agent, { port, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) }, body });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.json)}`);
  const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  if (!cookie.includes('psl_sid=')) throw new Error(`login of ${email} set no session cookie`);
  return { cookie, csrf: res.json.csrfToken };
}

/**
 * `concurrency` loops send the mix in order (shared cursor, same start for every round) for `seconds`.
 * Returns every latency (ms), the count of non-200 answers and the elapsed time.
 */
async function load(requestOf, mixLength, concurrency, durationMs) {
  const latencies = [];
  const statuses = new Map();
  let cursor = 0;
  let errors = 0;
  const start = now();
  const end = start + durationMs;
  const loop = async () => {
    while (now() < end) {
      const request = requestOf(cursor++ % mixLength);
      const t0 = now();
      try {
        const { status } = await request();
        latencies.push(now() - t0);
        if (status !== 200) {
          errors++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      } catch (error) {
        errors++;
        statuses.set(error.code ?? error.message, (statuses.get(error.code ?? error.message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, errors, statuses, elapsedMs: now() - start };
}

// ----------------------------------------------------------------------------------------- queries

const STOP_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'en', 'et', 'au', 'aux', 'un', 'une', 'pour', 'dans', 'sur', 'avec', 'ou']);
const words = (text) => text.toLocaleLowerCase('fr-FR').split(/[^\p{L}]+/u).filter((w) => w.length >= 4 && !STOP_WORDS.has(w));
const semesterOf = (day) => `${day.slice(0, 4)}-S${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
const nextSemester = (s) => (s.endsWith('S1') ? `${s.slice(0, 4)}-S2` : `${Number(s.slice(0, 4)) + 1}-S1`);

/** Replaces one inner letter by its neighbour in the alphabet: one typo, as Meilisearch counts them. */
function typo(word, random) {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const c = word[at];
  const replaced = c === 'z' ? 'y' : /[a-y]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : 'e';
  return word.slice(0, at) + replaced + word.slice(at + 1);
}

/**
 * The mix: each query anchored on one generated profile (so most have hits), a text (one word of its first
 * occupation's label, one of its skills, or one of its appellations with a typo) and 2–3 filters taken from
 * it (place, occupation, licence, language, release window, adjustment, solution).
 */
function buildQueryMix(count, profiles, reference, random) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const filterKinds = ['place', 'occupation', 'licence', 'language', 'release', 'adjustment', 'solution'];
  const queries = [];
  while (queries.length < count) {
    const p = pick(profiles);
    const params = {};
    const kind = queries.length % 3;
    if (kind === 0) params.q = pick(words(reference.occupationLabels.get(p.targetRomeCodes[0]) ?? 'peintre'));
    else if (kind === 1) params.q = pick(p.skills).split(' ').slice(0, 3).join(' ');
    else {
      const titleWords = (reference.appellations.get(p.targetRomeCodes[0]) ?? []).flatMap(words).filter((w) => w.length >= 6);
      params.q = typo(titleWords.length ? pick(titleWords) : 'plaquiste', random);
    }
    if (!params.q) continue;
    const wanted = 2 + Math.floor(random() * 2);
    const chosen = new Set();
    while (chosen.size < wanted) chosen.add(pick(filterKinds));
    for (const filter of chosen) {
      switch (filter) {
        case 'place': {
          const basin = pick(p.targetBasinCodes);
          const which = random();
          if (which < 0.4) params.basin = basin;
          else if (which < 0.75) params.department = pick(reference.basinDepartments.get(basin) ?? ['86']);
          else params.region = reference.basinRegions.get(basin) ?? '75';
          break;
        }
        case 'occupation':
          if (random() < 0.5) params.rome = p.targetRomeCodes.slice(0, 1 + Math.floor(random() * p.targetRomeCodes.length)).join(',');
          else params.domain = p.targetRomeCodes[0].slice(0, 3);
          break;
        case 'licence':
          params.licence = p.mobility.licences.length ? pick(p.mobility.licences) : 'B';
          break;
        case 'language':
          params.language = pick(p.languages);
          break;
        case 'release': {
          const from = semesterOf(p.releaseFrom);
          params.releaseFrom = from;
          if (random() < 0.5) params.releaseTo = nextSemester(from);
          break;
        }
        case 'adjustment':
          params.adjustment = 'true';
          break;
        case 'solution':
          params.solution = pick(p.soughtSolutions);
          break;
      }
    }
    queries.push(params);
  }
  return queries;
}

// ------------------------------------------------------------------------------------------- main

async function main() {
  const dist = requireBuild();
  const { NestFactory } = require('@nestjs/core');
  const { Meilisearch } = require('meilisearch');
  const { plainToInstance } = require('class-transformer');
  const { validate } = require('class-validator');

  const romeFolder = sharedData('rome_v4');
  const basinFile = sharedData('bmo', 'bassins_emploi_bmo_2024.csv');
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const redisPrefix = `pbench-${Date.now()}`;
  const indexPrefix = `bench${Date.now()}_`;
  const db = await scratchDatabase();
  let meili;
  let cpuSplit = 'none (Meilisearch, this process and the databases share every core)';
  let cli;
  let app;
  let worker;
  const agents = [];
  let exitCode = 0;
  let cleaning;
  /** Stops what this run started and drops what it created; once, whether it ends, fails or is interrupted. */
  const cleanup = () =>
    (cleaning ??= (async () => {
      const step = (label, work) => work().catch((error) => console.error(`cleanup, ${label}: ${error.message}`));
      for (const agent of agents) agent.destroy();
      if (worker) await step('worker', () => worker.close());
      if (app) await step('api', () => app.close());
      if (cli) await step('cli context', () => cli.close());
      if (meili) await step('meilisearch', () => meili.stop());
      else if (process.env.MEILI_URL) await step('indexes', () => dropIndexes(indexPrefix));
      await step('redis', () => flushRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', redisPrefix));
      await step('database', () => db.drop());
    })());
  const interrupted = (signal) => {
    console.error(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if (!process.env.MEILI_URL) {
      meili = await dist('dev/meilisearch-launcher').launchMeilisearch({});
      process.env.MEILI_URL = meili.url;
      process.env.MEILI_MASTER_KEY = meili.masterKey;
      if (SPLIT_CPUS) cpuSplit = splitCpus(meili.pid);
    }
    const masterKey = process.env.MEILI_MASTER_KEY;
    Object.assign(process.env, {
      // Production settings where they are possible (a master key is mandatory there).
      NODE_ENV: masterKey ? 'production' : 'development',
      APP_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      MEILI_INDEX_PREFIX: indexPrefix,
      REDIS_PREFIX: redisPrefix,
      PORT: '0',
    });
    const config = dist('config/app-config').loadConfig();
    const meiliUrl = new URL(config.MEILI_URL);
    const meiliPort = Number(meiliUrl.port || 80);
    const meiliClient = new Meilisearch({ host: config.MEILI_URL, apiKey: masterKey, timeout: 5000 });
    const meiliAuth = masterKey ? { authorization: `Bearer ${masterKey}` } : {};
    /** Waits until Meilisearch has no enqueued or processing task (settings applied at boot, deletions). */
    const idle = async () => {
      for (;;) {
        const { results } = await meiliClient.tasks.getTasks({ statuses: ['enqueued', 'processing'], limit: 1 });
        if (results.length === 0) return;
        await sleep(50);
      }
    };

    // ------------------------------------------------------------------------------------ prepare
    const setup = await timed(async () => {
      const ds = dist('database/data-source').createDataSource(config, 'bench');
      await ds.initialize();
      await dist('database/migrate').runMigrations(ds);
      await ds.destroy();
    });
    cli = await NestFactory.createApplicationContext(dist('cli.module').CliModule, { logger: false });
    const { DataSource } = require('typeorm');
    const ds = cli.get(DataSource);
    const runner = cli.get(dist('modules/imports/import-runner.service').ImportRunner);
    const rome = await runner.run('rome', romeFolder);
    const basins = await runner.run('basins', basinFile);

    const { Organisation, OrganisationKind, OrganisationStatus } = dist('modules/organisations/organisation.entity');
    const { User, Role, OrganisationRole } = dist('modules/users/user.entity');
    const passwordHash = await dist('common/security/password').hashPassword(PASSWORD);
    const organisations = ds.getRepository(Organisation);
    const employerOrg = await organisations.save(organisations.create({ name: 'Entreprise du banc de mesure', kind: OrganisationKind.Company, status: OrganisationStatus.Active, siret: '90000001000018' }));
    const partnerOrg = await organisations.save(organisations.create({ name: 'SPIP du banc de mesure', kind: OrganisationKind.Spip, status: OrganisationStatus.Active, siret: null }));
    const users = ds.getRepository(User);
    const account = (email, role, organisationId) =>
      users.save(users.create({ email, displayName: 'Banc de mesure', role, organisationId, organisationRole: OrganisationRole.Owner, passwordHash, emailVerifiedAt: new Date(), passwordChangedAt: new Date() }));
    const employer = await account('employeur@banc.example', Role.Employer, employerOrg.id);
    const counsellor = await account('conseil@banc.example', Role.Counsellor, partnerOrg.id);

    const { generateSyntheticProfiles, insertSyntheticProfiles, mulberry32 } = dist('database/seeds/synthetic-profiles');
    // Generated as of yesterday: publications are spread over the working hours of each day, and later hours of today
    // would lie in the future, which no real profile does (a reindex would then catch each of them up one by one).
    const today = new Date(startedAt.getTime() - 86_400_000).toISOString().slice(0, 10);
    const romeCodes = await ds.query(`SELECT code, label FROM rome_occupations ORDER BY code`);
    const basinRows = await ds.query(`SELECT code, name, region_code AS "regionCode" FROM basins ORDER BY code`);
    const generation = await timed(async () => generateSyntheticProfiles(PROFILES, { seed: SEED, today, romeCodes, basins: basinRows }));
    const profiles = generation.result;
    const insertion = await timed(() => insertSyntheticProfiles(ds, partnerOrg.id, profiles));
    const profileIds = insertion.result;
    await ds.query('ANALYZE');

    const reference = {
      occupationLabels: new Map(romeCodes.map((r) => [r.code, r.label])),
      appellations: new Map((await ds.query(`SELECT rome_code AS code, array_agg(label) AS labels FROM rome_appellations WHERE NOT rarely_used GROUP BY rome_code`)).map((r) => [r.code, r.labels])),
      basinRegions: new Map(basinRows.map((b) => [b.code, b.regionCode])),
      basinDepartments: new Map((await ds.query(`SELECT basin_code AS code, array_agg(department_code::text ORDER BY department_code) AS departments FROM basin_departments GROUP BY basin_code`)).map((r) => [r.code, r.departments])),
    };
    const versions = {
      node: process.version,
      postgres: (await ds.query('SHOW server_version'))[0].server_version,
      meilisearch: (await meiliClient.getVersion()).pkgVersion,
    };

    // ------------------------------------------------------------------------------------ reindex
    const phaseLoad = { reindex: load1() };
    const { ProfileIndexService, REINDEX_BATCH } = dist('modules/profile-search/profile-index.service');
    const { PROFILE_SEARCH_INDEX, PROFILE_INDEX } = dist('modules/profile-search/profile-search-index');
    const { CandidateProfilesRepository } = dist('modules/candidates/candidate-profiles.repository');
    const { ProfileReferenceRepository } = dist('modules/profile-search/profile-reference.repository');
    const indexService = cli.get(ProfileIndexService);
    const searchService = cli.get(dist('infra/search/search.service').SearchService);
    const liveUid = searchService.uid(PROFILE_INDEX);

    // The raw side's documents: built once, outside the timing, by the service's own builder, batch by batch.
    const repository = cli.get(CandidateProfilesRepository);
    const documentReference = await cli.get(ProfileReferenceRepository).load();
    const batches = [];
    const building = await timed(async () => {
      for (let after = null; ; ) {
        const rows = await repository.publishedAfter(after, REINDEX_BATCH);
        if (rows.length === 0) break;
        batches.push(await indexService.documents(rows, documentReference));
        after = rows[rows.length - 1].code;
        if (rows.length < REINDEX_BATCH) break;
      }
    });
    const documentCount = batches.reduce((n, b) => n + b.length, 0);
    if (documentCount !== PROFILES) throw new Error(`expected ${PROFILES} documents, built ${documentCount}`);
    const documentBytes = Buffer.byteLength(JSON.stringify(batches[0])) / batches[0].length;

    const rawUid = `${config.MEILI_INDEX_PREFIX}raw_profiles`;
    /** Dropped after each use, so that each side indexes while the same other index exists: the live one. */
    const dropRawIndex = async () => {
      await meiliClient.deleteIndexIfExists(rawUid);
      await idle();
    };
    const rawReindex = async () => {
      await dropRawIndex();
      const setupPart = await timed(async () => {
        await meiliClient.createIndex(rawUid, { primaryKey: PROFILE_SEARCH_INDEX.primaryKey }).waitTask({ timeout: 60_000 });
        const task = await meiliClient.index(rawUid).updateSettings(PROFILE_SEARCH_INDEX.settings).waitTask({ timeout: 60_000 });
        if (task.status !== 'succeeded') throw new Error(`settings of ${rawUid}: ${task.error?.message ?? task.status}`);
      });
      const writes = await timed(async () => {
        for (const batch of batches) {
          const task = await meiliClient.index(rawUid).addDocuments(batch, { primaryKey: PROFILE_SEARCH_INDEX.primaryKey }).waitTask({ timeout: 600_000 });
          if (task.status !== 'succeeded') throw new Error(`batch not written to ${rawUid}: ${task.error?.message ?? task.status}`);
        }
      });
      const count = (await meiliClient.index(rawUid).getStats()).numberOfDocuments;
      if (count !== PROFILES) throw new Error(`raw index holds ${count} documents, expected ${PROFILES}`);
      await dropRawIndex();
      return { ms: setupPart.ms + writes.ms, setupMs: setupPart.ms };
    };
    const ourReindex = async () => {
      await idle();
      const run = await timed(() => indexService.reindex());
      if (run.result.documents !== PROFILES) throw new Error(`reindex wrote ${run.result.documents} documents, expected ${PROFILES}`);
      const count = (await meiliClient.index(liveUid).getStats()).numberOfDocuments;
      if (count !== PROFILES) throw new Error(`live index holds ${count} documents, expected ${PROFILES}`);
      return { ms: run.ms, outcome: run.result };
    };
    const rawTimes = [];
    const rawSetupTimes = [];
    const ourTimes = [];
    const steal = { raw: [], ours: [] };
    // Not counted: fills the live index, as it is when a rebuild runs, and warms Meilisearch up.
    const warmUp = await ourReindex();
    let lastOutcome;
    for (let round = 0; round < REINDEX_ROUNDS; round++) {
      // Alternate which side goes first; the last round ends with ours, so the live index is the fresh one.
      const order = (REINDEX_ROUNDS - round) % 2 === 1 ? ['raw', 'ours'] : ['ours', 'raw'];
      for (const side of order) {
        const stolen = stealMeter();
        if (side === 'raw') {
          const r = await rawReindex();
          rawTimes.push(r.ms);
          rawSetupTimes.push(r.setupMs);
        } else {
          const r = await ourReindex();
          ourTimes.push(r.ms);
          lastOutcome = r.outcome;
        }
        steal[side].push(stolen());
      }
    }
    batches.length = 0;

    // ------------------------------------------------------------------------------------- search
    phaseLoad.search = load1();
    const { AppModule } = dist('app.module');
    const { configureApp } = dist('bootstrap/configure-app');
    const { JsonLogger } = dist('common/logging/json-logger');
    const { AppConfig } = dist('config/app-config');
    const logger = new JsonLogger('error', 'api');
    app = await NestFactory.create(AppModule, { logger, bodyParser: false });
    configureApp(app, app.get(AppConfig), logger);
    await app.listen(0, '127.0.0.1');
    const apiPort = app.getHttpServer().address().port;
    await app.get(dist('infra/search/search.service').SearchService).ensureSettings();
    await idle();

    const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    agents.push(setupAgent);
    const employerSession = await signIn(setupAgent, apiPort, employer.email);

    const { ProfileSearchQuery } = dist('modules/profile-search/dto/profile-search.dto');
    const { criteriaOf, MATCH_CANDIDATES } = dist('modules/profile-search/profile-search.service');
    const { buildSearchQueries } = dist('modules/profile-search/profile-search-request');
    const mix = buildQueryMix(QUERY_COUNT, profiles, reference, mulberry32(SEED));
    const prepared = [];
    for (const params of mix) {
      // As the global ValidationPipe does: class-transformer, then class-validator, then the service's criteria.
      const query = plainToInstance(ProfileSearchQuery, { ...params }, { enableImplicitConversion: false });
      const problems = await validate(query, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
      if (problems.length) throw new Error(`query ${JSON.stringify(params)} is invalid: ${problems.map((p) => p.property).join(', ')}`);
      const rawBody = JSON.stringify({ queries: buildSearchQueries(criteriaOf(query), MATCH_CANDIDATES).map((q) => ({ ...q, indexUid: liveUid })) });
      prepared.push({ params, path: `/api/profile-search?${new URLSearchParams(params)}`, rawBody, rawLength: Buffer.byteLength(rawBody) });
    }
    const endpointHeaders = { cookie: employerSession.cookie, accept: 'application/json' };
    const rawHeaders = { ...meiliAuth, 'content-type': 'application/json', accept: 'application/json' };
    const endpointRequest = (agent) => (i) => () => send(agent, { port: apiPort, method: 'GET', path: prepared[i].path, headers: endpointHeaders });
    const rawRequest = (agent) => (i) => () =>
      send(agent, { port: meiliPort, method: 'POST', path: '/multi-search', headers: { ...rawHeaders, 'content-length': prepared[i].rawLength }, body: prepared[i].rawBody });

    // Each query once on each side: both must answer 200 with the same page and total (same work), and it warms up.
    let mismatches = 0;
    const totals = [];
    const bytes = { ours: 0, raw: 0, hits: 0, formatted: 0, facets: 0 };
    const size = (value) => Buffer.byteLength(JSON.stringify(value ?? null));
    for (const q of prepared) {
      const ours = await sendJson(setupAgent, { port: apiPort, method: 'GET', path: q.path, headers: endpointHeaders });
      const raw = await sendJson(setupAgent, { port: meiliPort, method: 'POST', path: '/multi-search', headers: { ...rawHeaders, 'content-length': q.rawLength }, body: q.rawBody });
      if (ours.status !== 200 || raw.status !== 200) throw new Error(`check of ${q.path}: endpoint ${ours.status}, raw ${raw.status} ${JSON.stringify(raw.status === 200 ? ours.json : raw.json).slice(0, 300)}`);
      const main = raw.json.results[0];
      totals.push(main.estimatedTotalHits);
      bytes.ours += ours.bytes;
      bytes.raw += raw.bytes;
      for (const result of raw.json.results) {
        bytes.hits += size(result.hits);
        bytes.formatted += result.hits.reduce((sum, hit) => sum + size(hit._formatted), 0);
        bytes.facets += size(result.facetDistribution);
      }
      const sameHits = JSON.stringify(ours.json.items.map((i) => i.profile.code)) === JSON.stringify(main.hits.map((h) => h.code));
      if (!sameHits || ours.json.total !== main.estimatedTotalHits) mismatches++;
    }
    totals.sort((a, b) => a - b);
    const facetQueries = prepared.map((q) => JSON.parse(q.rawBody).queries.length);

    const searchRuns = [];
    for (const concurrency of CONCURRENCIES) {
      const sides = {
        raw: { label: 'Meilisearch /multi-search (raw)', agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }), latencies: [], errors: 0, statuses: new Map(), elapsedMs: 0, count: 0, rounds: [], cpu: 0, meiliCpu: 0 },
        ours: { label: 'GET /api/profile-search', agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }), latencies: [], errors: 0, statuses: new Map(), elapsedMs: 0, count: 0, rounds: [], cpu: 0, meiliCpu: 0 },
      };
      agents.push(sides.raw.agent, sides.ours.agent);
      sides.raw.requestOf = rawRequest(sides.raw.agent);
      sides.ours.requestOf = endpointRequest(sides.ours.agent);
      for (const side of Object.values(sides)) await load(side.requestOf, prepared.length, concurrency, WARM_UP_MS);
      await idle();
      for (let pair = 0; pair < SEARCH_PAIRS; pair++) {
        for (const name of ['raw', 'ours']) {
          const side = sides[name];
          const cpu0 = ownCpu();
          const meili0 = meili ? processCpu(meili.pid) : NaN;
          const stolen = stealMeter();
          const r = await load(side.requestOf, prepared.length, concurrency, SECONDS * 1000);
          side.cpu += ownCpu() - cpu0;
          side.meiliCpu += meili ? processCpu(meili.pid) - meili0 : NaN;
          side.latencies.push(...r.latencies);
          side.errors += r.errors;
          for (const [k, v] of r.statuses) side.statuses.set(k, (side.statuses.get(k) ?? 0) + v);
          side.elapsedMs += r.elapsedMs;
          side.count += r.latencies.length;
          const sorted = [...r.latencies].sort((a, b) => a - b);
          side.rounds.push(`${(r.latencies.length / (r.elapsedMs / 1000)).toFixed(0)} req/s p50 ${percentile(sorted, 50).toFixed(1)} p95 ${percentile(sorted, 95).toFixed(1)} steal ${stolen().toFixed(0)} %`);
        }
      }
      for (const side of Object.values(sides)) {
        side.latencies.sort((a, b) => a - b);
        side.rps = side.count / (side.elapsedMs / 1000);
        side.p50 = percentile(side.latencies, 50);
        side.p95 = percentile(side.latencies, 95);
        side.p99 = percentile(side.latencies, 99);
      }
      searchRuns.push({ concurrency, sides });
    }

    // ---------------------------------------------------------------------------------- freshness
    phaseLoad.freshness = load1();
    const { WorkerModule } = dist('worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: new JsonLogger('error', 'worker') });
    await idle();
    const counsellorSession = await signIn(setupAgent, apiPort, counsellor.email);
    const random = mulberry32(SEED + 1);
    const letters = 'bcdfghjklmnpqrstvwxz';
    const step = Math.max(1, Math.floor(profiles.length / EDITS));
    const delays = [];
    const patchTimes = [];
    const answeredAt = [];
    const freshnessStart = new Date();
    let unseen = 0;
    for (let i = 0; i < EDITS; i++) {
      const index = (i * step) % profiles.length;
      const profile = profiles[index];
      const token = `qz${Array.from({ length: 10 }, () => letters[Math.floor(random() * letters.length)]).join('')}`;
      const body = JSON.stringify({ project: `${profile.project} Repère ${token}.` });
      // A pause of 0–250 ms: edits made right after the previous one became visible would arrive in step with the
      // outbox relay's polling and always wait about one full poll interval, which real edits, arriving at any time, do not.
      await sleep(Math.floor(random() * 250));
      const t0 = now();
      const res = await sendJson(setupAgent, {
        port: apiPort,
        method: 'PATCH',
        path: `/api/candidate-profiles/${profileIds[index]}`,
        headers: { cookie: counsellorSession.cookie, 'x-csrf-token': counsellorSession.csrf, 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
        body,
      });
      const answered = now();
      if (res.status !== 200) throw new Error(`PATCH of profile ${profile.code}: ${res.status} ${JSON.stringify(res.json).slice(0, 400)}`);
      patchTimes.push(answered - t0);
      answeredAt.push(Date.now());
      // The token alone, as a phrase (no typo), within the profile's first occupation: visible once the hit is this profile.
      const search = JSON.stringify({ q: `"${token}"`, filter: `romeCodes = "${profile.targetRomeCodes[0]}"`, attributesToRetrieve: ['code'], limit: 5 });
      let seen = false;
      while (now() - answered < VISIBILITY_TIMEOUT_MS) {
        const found = await sendJson(setupAgent, { port: meiliPort, method: 'POST', path: `/indexes/${liveUid}/search`, headers: { ...rawHeaders, 'content-length': Buffer.byteLength(search) }, body: search });
        if (found.status !== 200) throw new Error(`freshness search: ${found.status} ${JSON.stringify(found.json)}`);
        if (found.json.hits.some((h) => h.code === profile.code)) {
          delays.push(now() - answered);
          seen = true;
          break;
        }
        await sleep(POLL_MS);
      }
      if (!seen) unseen++;
    }
    delays.sort((a, b) => a - b);
    patchTimes.sort((a, b) => a - b);
    // Where the delay goes: PATCH answer → index write enqueued (outbox relay, queue, worker), then Meilisearch's task.
    const instant = (iso) => Date.parse(iso.replace(/(\.\d{3})\d*/, '$1'));
    const { results: writes } = await meiliClient.tasks.getTasks({ indexUids: [liveUid], types: ['documentAdditionOrUpdate'], afterEnqueuedAt: freshnessStart.toISOString(), limit: EDITS * 2 });
    writes.sort((a, b) => a.uid - b.uid);
    const toEnqueued = writes.length === EDITS ? writes.map((t, i) => instant(t.enqueuedAt) - answeredAt[i]).sort((a, b) => a - b) : [];
    const taskTimes = writes.map((t) => instant(t.finishedAt) - instant(t.enqueuedAt)).sort((a, b) => a - b);

    // ------------------------------------------------------------------------------------- report
    const loadAfter = os.loadavg();
    const cpus = os.cpus();
    const line = (label, value, note = '') => console.log(`  ${label.padEnd(50)} ${value}${note ? `   ${note}` : ''}`);
    console.log(`Profile search benchmark (issue 5) — ${startedAt.toISOString()}`);
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`versions: Node ${versions.node}, PostgreSQL ${versions.postgres}, Meilisearch ${versions.meilisearch}${meili ? ' (local npm binary, --max-indexing-threads 1)' : ` (${config.MEILI_URL})`}; api NODE_ENV=${config.NODE_ENV}`);
    console.log(`CPU split: ${cpuSplit}`);
    console.log(`1-min load average at the start of each phase: reindex ${phaseLoad.reindex}, search ${phaseLoad.search}, freshness ${phaseLoad.freshness}`);
    console.log(`setup: ${PROFILES} profiles generated in ${(generation.ms / 1000).toFixed(1)} s, inserted in ${(insertion.ms / 1000).toFixed(1)} s; migrations ${(setup.ms / 1000).toFixed(1)} s; ROME ${rome.rowsRead} rows, basins ${basins.rowsRead} rows`);
    console.log('');
    console.log(`Reindex — ${PROFILES} documents (${documentBytes.toFixed(0)} bytes each on average), batches of ${REINDEX_BATCH}, ${REINDEX_ROUNDS} alternating rounds, medians`);
    if (REINDEX_ROUNDS === 0) line('not measured', `BENCH_REINDEX_ROUNDS=0 (the index was filled once in ${warmUp.ms.toFixed(0)} ms)`);
    else {
      line('raw addDocuments into a fresh index, each awaited', fmt(median(rawTimes)), `(of which index + settings ${median(rawSetupTimes).toFixed(0)} ms; documents built beforehand in ${building.ms.toFixed(0)} ms, not counted)`);
      const reindexRatio = median(ourTimes) / median(rawTimes);
      line('ProfileIndexService.reindex()', fmt(median(ourTimes)), `ratio ${reindexRatio.toFixed(2)}× (goal ≤ 1.2×) ${verdict(reindexRatio <= 1.2)}`);
      line('all runs (ms)', `raw ${rawTimes.map((t) => t.toFixed(0)).join(' ')} | reindex ${ourTimes.map((t) => t.toFixed(0)).join(' ')} (first reindex, filling the live index, not counted: ${warmUp.ms.toFixed(0)})`);
      line('CPU steal during each run', `raw ${steal.raw.map((t) => `${t.toFixed(0)} %`).join(' ')} | reindex ${steal.ours.map((t) => `${t.toFixed(0)} %`).join(' ')}`, '(time the hypervisor gave to other guests)');
      line('last reindex', `caught up ${lastOutcome.caughtUp}, stale removed ${lastOutcome.staleRemoved}`);
    }
    console.log('');
    console.log(`Search — ${prepared.length} queries (text + 2–3 filters, facets; ${Math.min(...facetQueries)}–${Math.max(...facetQueries)} searches per multi-search), ${SEARCH_PAIRS} × (raw, endpoint) rounds of ${SECONDS} s at each concurrency`);
    console.log(`  check: every query answered 200 on both sides; ${mismatches} of ${prepared.length} with a different page or total; hits per query: median ${median(totals)}, ${totals.filter((t) => t === 0).length} with none; answer size: endpoint ${(bytes.ours / prepared.length / 1024).toFixed(1)} KiB, raw ${(bytes.raw / prepared.length / 1024).toFixed(1)} KiB (hits ${(bytes.hits / prepared.length / 1024).toFixed(1)} KiB, of which _formatted ${(bytes.formatted / prepared.length / 1024).toFixed(1)}; facet counts ${(bytes.facets / prepared.length / 1024).toFixed(1)} KiB)`);
    for (const { concurrency, sides } of searchRuns) {
      console.log(`  concurrency ${concurrency}`);
      for (const side of [sides.raw, sides.ours]) {
        line(`  ${side.label}`, `${side.rps.toFixed(0).padStart(6)} req/s  p50 ${ms(side.p50)}  p95 ${ms(side.p95)}  p99 ${ms(side.p99)}`, `${side.count} requests, ${side.errors} errors`);
        line('    rounds', side.rounds.join(' | '));
        line('    CPU per request', `this process ${(side.cpu / side.count).toFixed(2)} ms${meili ? `, Meilisearch ${(side.meiliCpu / side.count).toFixed(2)} ms` : ''}`);
      }
      const { raw, ours } = sides;
      line('  throughput endpoint / raw', `${((ours.rps / raw.rps) * 100).toFixed(1)} %`, `(goal ≥ 80 %) ${verdict(ours.rps >= 0.8 * raw.rps)}`);
      line('  p50 endpoint − raw', `${(ours.p50 - raw.p50).toFixed(1)} ms`, `(goal ≤ +2 ms) ${verdict(ours.p50 <= raw.p50 + 2)}`);
      line('  p95 endpoint / raw', `${(ours.p95 / raw.p95).toFixed(2)}×`, `(goal ≤ 1.5×) ${verdict(ours.p95 <= 1.5 * raw.p95)}`);
      if (raw.errors || ours.errors) {
        console.log(`  NOT A RESULT: errors (raw ${JSON.stringify([...raw.statuses])}, endpoint ${JSON.stringify([...ours.statuses])})`);
        exitCode = 3;
      }
    }
    console.log('');
    console.log(`Freshness — ${EDITS} edits (PATCH /api/candidate-profiles/:id by a counsellor), one after the other, polled every ${POLL_MS} ms; worker OUTBOX_POLL_MS=${config.OUTBOX_POLL_MS}`);
    line('PATCH answered', `p50 ${ms(percentile(patchTimes, 50))}  p95 ${ms(percentile(patchTimes, 95))}`);
    line('PATCH answer → searchable', `p50 ${ms(percentile(delays, 50), 0)}  p95 ${ms(percentile(delays, 95), 0)}  max ${ms(delays[delays.length - 1] ?? NaN, 0)}`, `(goal p95 ≤ 1000 ms) ${verdict(unseen === 0 && percentile(delays, 95) <= 1000)}`);
    if (unseen) console.log(`  ${unseen} edits not searchable within ${VISIBILITY_TIMEOUT_MS} ms`);
    if (toEnqueued.length) line('  of which: answer → index write enqueued', `p50 ${ms(percentile(toEnqueued, 50), 0)}  p95 ${ms(percentile(toEnqueued, 95), 0)}`, '(outbox relay, queue, worker)');
    line(`  of which: Meilisearch task, enqueued → done`, `p50 ${ms(percentile(taskTimes, 50), 0)}  p95 ${ms(percentile(taskTimes, 95), 0)}`, `(${writes.length} document writes)`);
  } finally {
    await cleanup();
  }
  return exitCode;

  /** With an external Meilisearch, removes the indexes this run created. */
  async function dropIndexes(prefix) {
    const client = new Meilisearch({ host: process.env.MEILI_URL, apiKey: process.env.MEILI_MASTER_KEY });
    const { results } = await client.getIndexes({ limit: 1000 });
    for (const index of results) if (index.uid.startsWith(prefix)) await client.deleteIndexIfExists(index.uid);
  }

}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
