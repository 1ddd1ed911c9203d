#!/usr/bin/env node
'use strict';
/*
 * BMO import vs psql \copy, side by side in one run.
 * Baseline: `psql -c "\copy bare FROM file CSV HEADER"` into a bare table of 14 text columns (no key,
 * no constraint, no validation). Passerelle: ImportRunner.run('bmo', file) in-process — read, decode,
 * parse, validate every row, write basins, departments, FAP labels and needs, record the run.
 * Runs alternate (baseline, ours) ROUNDS times on a scratch database; medians are compared.
 * Usage: npm run build && node bench/import-bmo.js [file] [rounds]
 */
const { execFileSync } = require('node:child_process');
const { Client } = require('pg');
const { requireBuild, sharedData, scratchDatabase, timed, median, fmt } = require('./support');

async function main() {
  const load = requireBuild();
  const file = process.argv[2] || sharedData('bmo', 'bmo_2024_france.csv');
  const rounds = Number(process.argv[3] || 5);
  const db = await scratchDatabase();
  process.env.NODE_ENV = 'development';
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = 'error';
  let context;
  try {
    const { NestFactory } = require('@nestjs/core');
    const { createDataSource } = load('database/data-source');
    const { loadConfig } = load('config/app-config');
    const { runMigrations } = load('database/migrate');
    const config = loadConfig();
    const ds = createDataSource(config, 'bench');
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();

    context = await NestFactory.createApplicationContext(load('cli.module').CliModule, { logger: false });
    const runner = context.get(load('modules/imports/import-runner.service').ImportRunner);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`CREATE TABLE bare (${Array.from({ length: 14 }, (_, i) => `c${i} text`).join(', ')})`);

    const psqlTimes = [];
    const oursFirst = [];
    const oursAgain = [];
    let rows = 0;
    for (let round = 0; round < rounds; round++) {
      await sql.query('TRUNCATE bare');
      psqlTimes.push((await timed(async () => execFileSync('psql', [db.url, '-qc', `\\copy bare FROM '${file.replace(/'/g, "''")}' CSV HEADER`]))).ms);
      await sql.query('TRUNCATE basin_needs');
      const first = await timed(() => runner.run('bmo', file));
      oursFirst.push(first.ms);
      rows = first.result.rowsRead;
      if (first.result.inserted !== rows) throw new Error(`expected ${rows} inserted, got ${first.result.inserted}`);
      const again = await timed(() => runner.run('bmo', file));
      if (again.result.unchanged !== rows) throw new Error(`expected ${rows} unchanged, got ${again.result.unchanged}`);
      oursAgain.push(again.ms);
    }
    const [{ n }] = (await sql.query('SELECT count(*)::int AS n FROM bare')).rows;
    await sql.end();

    const base = median(psqlTimes);
    console.log(`BMO import benchmark — ${file}`);
    console.log(`rows: ${rows} (bare table holds ${n}); rounds: ${rounds}; medians`);
    console.log(`  psql \\copy into a bare text table   ${fmt(base)}`);
    console.log(`  passerelle import, empty year      ${fmt(median(oursFirst))}   ratio ${(median(oursFirst) / base).toFixed(2)}× (target ≤ 2×)`);
    console.log(`  passerelle re-import, unchanged    ${fmt(median(oursAgain))}   ratio ${(median(oursAgain) / base).toFixed(2)}×`);
    console.log(`  all runs (ms): psql ${psqlTimes.map((t) => t.toFixed(0)).join(' ')} | first ${oursFirst.map((t) => t.toFixed(0)).join(' ')} | again ${oursAgain.map((t) => t.toFixed(0)).join(' ')}`);
  } finally {
    if (context) await context.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
