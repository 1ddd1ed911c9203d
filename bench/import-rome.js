#!/usr/bin/env node
'use strict';
/*
 * ROME 4.0 import (12,107 appellations, 1,056 occupations and their domains) vs psql \copy of the
 * appellation file into a bare text table, side by side in one run. Target: the import under 10 s.
 * Passerelle: ImportRunner.run('rome', folder) in-process — the five files read and validated, written in
 * one transaction — then, after the commit, the occupation search index rebuilt in Meilisearch (a local
 * one is started from the npm binary unless MEILI_URL is set). The rebuild is also timed on its own.
 * Usage: npm run build && node bench/import-rome.js [folder] [rounds]
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');
const { requireBuild, sharedData, scratchDatabase, timed, median, fmt } = require('./support');

async function main() {
  const load = requireBuild();
  const folder = process.argv[2] || sharedData('rome_v4');
  const rounds = Number(process.argv[3] || 3);
  const appellations = join(folder, require('node:fs').readdirSync(folder).find((f) => f.startsWith('unix_referentiel_appellation_')));
  const db = await scratchDatabase();
  let meili;
  let context;
  try {
    if (!process.env.MEILI_URL) {
      meili = await load('dev/meilisearch-launcher').launchMeilisearch({});
      process.env.MEILI_URL = meili.url;
      process.env.MEILI_MASTER_KEY = meili.masterKey;
    }
    Object.assign(process.env, { NODE_ENV: 'development', DATABASE_URL: db.url, LOG_LEVEL: 'error', MEILI_INDEX_PREFIX: `bench${Date.now()}_` });
    const config = load('config/app-config').loadConfig();
    const ds = load('database/data-source').createDataSource(config, 'bench');
    await ds.initialize();
    await load('database/migrate').runMigrations(ds);
    await ds.destroy();

    const { NestFactory } = require('@nestjs/core');
    context = await NestFactory.createApplicationContext(load('cli.module').CliModule, { logger: false });
    const runner = context.get(load('modules/imports/import-runner.service').ImportRunner);
    const indexer = context.get(load('modules/occupations/occupation-indexer.service').OccupationIndexer);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`CREATE TABLE bare (${Array.from({ length: 13 }, (_, i) => `c${i} text`).join(', ')})`);

    const psqlTimes = [];
    const first = [];
    const again = [];
    const rebuild = [];
    let report;
    for (let round = 0; round < rounds; round++) {
      await sql.query('TRUNCATE bare');
      psqlTimes.push((await timed(async () => execFileSync('psql', [db.url, '-qc', `\\copy bare FROM '${appellations.replace(/'/g, "''")}' CSV HEADER`]))).ms);
      await sql.query('TRUNCATE rome_appellations, rome_occupations, rome_professional_domains, rome_grand_domains CASCADE');
      const run = await timed(() => runner.run('rome', folder));
      report = run.result;
      first.push(run.ms);
      again.push((await timed(() => runner.run('rome', folder))).ms);
      rebuild.push((await timed(() => indexer.reindexAll())).ms);
    }
    const [{ n }] = (await sql.query('SELECT count(*)::int AS n FROM rome_appellations')).rows;
    await sql.end();

    const base = median(psqlTimes);
    console.log(`ROME import benchmark — ${folder}`);
    console.log(`appellations in the database: ${n}; rows read (all five files): ${report.rowsRead}; rounds: ${rounds}; medians`);
    console.log(`  psql \\copy of the appellation file into a bare text table   ${fmt(base)}`);
    console.log(`  passerelle import into empty tables, with index rebuild     ${fmt(median(first))}   ratio ${(median(first) / base).toFixed(1)}× (target < 10 s)`);
    console.log(`  passerelle re-import, unchanged, with index rebuild         ${fmt(median(again))}   ratio ${(median(again) / base).toFixed(1)}×`);
    console.log(`  of which the search index rebuild alone                     ${fmt(median(rebuild))}`);
    console.log(`  notes: ${report.notes.join(' | ')}`);
  } finally {
    if (context) await context.close();
    if (meili) await meili.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
