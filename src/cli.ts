import 'reflect-metadata';
import { loadConfigOrExit } from './bootstrap/load-config-or-exit';
import { createDataSource } from './database/data-source';
import { ensureDatabase, runMigrations } from './database/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './database/seeds/demo-seed';

const USAGE = `Usage: node dist/cli.js <command>

Commands:
  migrate          create the database if needed and apply pending migrations
  migrate:revert   revert the last applied migration (development only)
  seed             insert the synthetic demo organisations and accounts (idempotent)
  demo             run the whole service locally with demo data (see README)
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
      console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(40)} ${a.description}`);
      return 0;
    }
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
