'use strict';
/* Shared helpers of the benchmarks: a scratch database migrated from the build, timing, statistics. */
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { Client } = require('pg');

const ROOT = resolve(__dirname, '..');
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SHARED_DATA = resolve(process.env.PASSERELLE_SHARED_DATA || join(ROOT, '..', 'shared', 'data'));

function requireBuild() {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
    console.error('Build first: npm run build');
    process.exit(2);
  }
  return (path) => require(join(ROOT, 'dist', path));
}

function sharedData(...parts) {
  const path = join(SHARED_DATA, ...parts);
  if (!existsSync(path)) {
    console.error(`Reference file missing: ${path} (set PASSERELLE_SHARED_DATA)`);
    process.exit(2);
  }
  return path;
}

/** Creates passerelle_bench_<time> and returns its URL and a drop function. */
async function scratchDatabase() {
  const name = `passerelle_bench_${Date.now()}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function timed(work) {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

/** An integer argument (command line or environment) of at least `min`; exits with code 2 otherwise. */
function positive(value, fallback, name, min = 1) {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${name} must be an integer ≥ ${min} (got ${value})`);
    process.exit(2);
  }
  return n;
}

const verdict = (ok) => (ok ? 'goal met' : 'goal missed');
/** A monotonic clock in milliseconds. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
/** CPU time (ms) used so far by this process. */
const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** CPU time (ms) used so far by another process (Linux /proc; NaN elsewhere). */
function processCpu(pid) {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Removes the Redis keys of one run (its own key prefix: queues, throttling counters). */
async function flushRedis(url, prefix) {
  const Redis = require('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

module.exports = { ROOT, ADMIN_URL, requireBuild, sharedData, scratchDatabase, timed, median, fmt, positive, verdict, now, ownCpu, processCpu, flushRedis };
