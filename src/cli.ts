import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { basename } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli.module';
import { JsonLogger } from './common/logging/json-logger';
import { ImportFileError } from './infra/import/import-errors';
import { SearchUnavailableError } from './infra/search/search.service';
import { formatImportError, formatReport, IMPORT_USAGE, parseImportArgs } from './modules/imports/import-command';
import { ImportRunner } from './modules/imports/import-runner.service';
import { createProgressBar } from './modules/imports/progress-bar';
import { OccupationIndexer } from './modules/occupations/occupation-indexer.service';
import { ProfileIndexService } from './modules/profile-search/profile-index.service';
import { loadConfigOrExit } from './bootstrap/load-config-or-exit';
import { createDataSource } from './database/data-source';
import { ensureDatabase, runMigrations } from './database/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, seedDemoCandidates, seedDemoFollowUps } from './database/seeds/demo-seed';
import { seedDemoEvents } from './database/seeds/demo-events-seed';
import { parisDate } from './modules/employer-needs/employer-need-rules';
import { seedReferenceData } from './database/seeds/reference-seed';

const USAGE = `Usage: node dist/cli.js <command>

Commands:
  migrate          create the database if needed and apply pending migrations
  migrate:revert   revert the last applied migration (development only)
  seed             insert the synthetic demo organisations, accounts and reference data (idempotent)
  demo             run the whole service locally with demo data (see README)
  import <kind> <file>…   load official reference files (rome, basins, communes, establishments, bmo,
                   crosswalk); run "import --help" for details
  reindex occupations     rebuild the occupation search index from the database
  reindex profiles        rebuild the candidate profile index into a new one and swap it in (no downtime)
  check-index [--repair]  compare published profiles and the profile index (missing, stale, outdated
                   documents); with --repair, fix the differences
`;

async function withDataSource<T>(work: (ds: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const dataSource = createDataSource(config, 'passerelle-cli');
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** A Nest context with the reference-data modules (no HTTP, no Redis), closed after the work. */
async function withCliContext<T>(work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const context = await NestFactory.createApplicationContext(CliModule, {
    logger: new JsonLogger(config.LOG_LEVEL === 'debug' ? 'debug' : 'warn', 'cli', (line) => process.stderr.write(line + '\n')),
  });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

async function runImportCommand(args: string[]): Promise<number> {
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(IMPORT_USAGE);
    return args.length ? 0 : 2;
  }
  let command;
  try {
    command = parseImportArgs(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  return withCliContext(async (context) => {
    const runner = context.get(ImportRunner);
    let failures = 0;
    for (const file of command.files) {
      const progress = createProgressBar(process.stderr);
      try {
        const report = await runner.run(command.kind, file, command.options, progress);
        progress.finish();
        console.log(formatReport(report));
      } catch (error) {
        progress.finish();
        // One file's failure is reported and the next files are still imported: nothing of it was written.
        console.error(error instanceof ImportFileError ? formatImportError(file, error) : `Fichier refusé, rien n'a été importé : ${file}\n  erreur inattendue : ${(error as Error).message}`);
        failures++;
      }
    }
    return failures ? 1 : 0;
  });
}

const SEARCH_DOWN = (what: string, error: Error) =>
  `Meilisearch est injoignable : ${what} (${error.message}). Vérifiez MEILI_URL et MEILI_MASTER_KEY, puis relancez.`;

async function runReindexCommand(args: string[]): Promise<number> {
  if (args.length !== 1 || !['occupations', 'profiles'].includes(args[0])) {
    process.stderr.write('Usage: node dist/cli.js reindex occupations|profiles\n');
    return 2;
  }
  return withCliContext(async (context) => {
    try {
      if (args[0] === 'occupations') {
        const count = await context.get(OccupationIndexer).reindexAll();
        console.log(`Occupation index rebuilt: ${count} document(s).`);
        return 0;
      }
      const progress = createProgressBar();
      const outcome = await context.get(ProfileIndexService).reindex(progress);
      progress.finish();
      console.log(
        `Profile index rebuilt and swapped in: ${outcome.documents} document(s) in ${(outcome.durationMs / 1000).toFixed(1)} s; ` +
          `${outcome.caughtUp} profile(s) changed during the rebuild applied again, ${outcome.staleRemoved} stale document(s) removed.`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      console.error(SEARCH_DOWN(args[0] === 'occupations' ? "l'index des métiers n'a pas été reconstruit" : "l'index des profils n'a pas été reconstruit (l'index en service est intact)", error));
      return 1;
    }
  });
}

/** Exit codes: 0 in sync (or repaired), 1 differences left (or Meilisearch unreachable), 2 usage. */
async function runCheckIndexCommand(args: string[]): Promise<number> {
  const repair = args.includes('--repair');
  if (args.some((a) => a !== '--repair')) {
    process.stderr.write('Usage: node dist/cli.js check-index [--repair]\n');
    return 2;
  }
  return withCliContext(async (context) => {
    try {
      const report = await context.get(ProfileIndexService).check(repair);
      const sample = (codes: string[]) => (codes.length ? ` (${codes.slice(0, 10).join(', ')}${codes.length > 10 ? ', …' : ''})` : '');
      console.log(`Published profiles in the database: ${report.databaseCount}`);
      console.log(`Documents in the profile index:     ${report.indexCount}`);
      console.log(`Missing from the index:  ${report.missing.length}${sample(report.missing)}`);
      console.log(`Stale in the index:      ${report.stale.length}${sample(report.stale)}`);
      console.log(`Outdated in the index:   ${report.outdated.length}${sample(report.outdated)}`);
      const differences = report.missing.length + report.stale.length + report.outdated.length;
      if (differences === 0) console.log('The index matches the database.');
      else if (repair) console.log(`Repaired: ${differences} difference(s) fixed.`);
      else console.log('Run "check-index --repair" to fix them.');
      return differences === 0 || repair ? 0 : 1;
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      console.error(SEARCH_DOWN("l'index des profils n'a pas pu être vérifié", error));
      return 1;
    }
  });
}

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'migrate': {
      const config = loadConfigOrExit();
      if (await ensureDatabase(config.DATABASE_URL)) console.log('Database created.');
      const applied = await withDataSource(runMigrations);
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database schema is up to date.');
      return 0;
    }
    case 'migrate:revert': {
      const config = loadConfigOrExit();
      if (config.isProduction) {
        console.error('migrate:revert is refused in production: write a new migration instead.');
        return 1;
      }
      await withDataSource((ds) => ds.undoLastMigration({ transaction: 'each' }));
      console.log('Reverted the last migration.');
      return 0;
    }
    case 'seed': {
      const result = await withDataSource(seedDemo);
      console.log(`Demo data: ${result.organisations} organisation(s) and ${result.users} account(s) added.`);
      const reports = await withCliContext((context) => seedReferenceData(context.get(ImportRunner)));
      for (const r of reports) console.log(`Reference data ${r.kind.padEnd(14)} ${basename(r.file).padEnd(32)} ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`);
      const candidates = await withDataSource((ds) => seedDemoCandidates(ds, parisDate(new Date())));
      console.log(`Demo candidates: ${candidates.profiles} published profile(s) and ${candidates.needs} employer need(s) added.`);
      const followUps = await withDataSource(seedDemoFollowUps);
      console.log(`Demo follow-ups: ${followUps.introductions} introduction(s) and ${followUps.sponsorships} sponsorship(s) added.`);
      const events = await withDataSource((ds) => seedDemoEvents(ds, parisDate(new Date())));
      console.log(`Demo events: ${events.awarenessDays} awareness half-day(s) and ${events.recruitmentSessions} recruitment session(s) added.`);
      // The synthetic profiles are written without outbox rows: the index is rebuilt from the database.
      try {
        const indexed = await withCliContext((context) => context.get(ProfileIndexService).reindex());
        console.log(`Profile index rebuilt: ${indexed.documents} document(s).`);
      } catch (error) {
        if (!(error instanceof SearchUnavailableError)) throw error;
        console.warn(`Meilisearch est injoignable : l'index des profils n'a pas été construit (${error.message}). Lancez "reindex profiles" une fois Meilisearch disponible.`);
      }
      console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(40)} ${a.description}`);
      return 0;
    }
    case 'import':
      return runImportCommand(argv.slice(1));
    case 'reindex':
      return runReindexCommand(argv.slice(1));
    case 'check-index':
      return runCheckIndexCommand(argv.slice(1));
    case 'demo': {
      const { runDemo } = await import('./dev/demo');
      return runDemo();
    }
    default:
      process.stderr.write(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`Error: ${error.message}`);
    process.exitCode = 1;
  },
);
