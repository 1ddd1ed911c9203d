import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource } from '../../src/database/data-source';
import { runMigrations } from '../../src/database/migrate';
import { launchMeilisearch, LaunchedMeilisearch, waitForMeilisearch } from '../../src/dev/meilisearch-launcher';
import { assertTestEnvironment, TEST_DB_PREFIX, TEST_ENV } from './test-env';

declare global {
  // eslint-disable-next-line no-var
  var __passerelleMeili: LaunchedMeilisearch | undefined;
}

/**
 * Runs once per `jest` run (guarded, as each project calls it): migrates a template database that every
 * test file clones, and starts a Meilisearch from the npm binary unless TEST_MEILI_URL points at one.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV ??= 'test';
  process.env.TZ = 'UTC';
  assertTestEnvironment();
  if (process.env[TEST_ENV.ready]) return;

  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const runId = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const template = `${TEST_DB_PREFIX}${runId}_tpl`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl} (${error.message}); start it or set TEST_DATABASE_ADMIN_URL`);
  });
  // Interrupted runs leave databases behind: drop those older than three hours (never a concurrent run's).
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%'`);
  const cutoff = Date.now() / 1000 - 3 * 3600;
  for (const { datname } of stale.rows as { datname: string }[]) {
    const started = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
    if (started < cutoff) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const dataSource = createDataSource({ DATABASE_URL: url.toString() }, 'passerelle-test-setup');
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  if (process.env.TEST_MEILI_URL) {
    await waitForMeilisearch(process.env.TEST_MEILI_URL, 10_000);
    process.env[TEST_ENV.meiliUrl] = process.env.TEST_MEILI_URL;
    process.env[TEST_ENV.meiliKey] = process.env.TEST_MEILI_MASTER_KEY ?? '';
  } else {
    const meili = await launchMeilisearch();
    globalThis.__passerelleMeili = meili;
    process.env[TEST_ENV.meiliUrl] = meili.url;
    process.env[TEST_ENV.meiliKey] = meili.masterKey;
  }

  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.templateDb] = template;
  process.env[TEST_ENV.runId] = runId;
  process.env[TEST_ENV.redisUrl] = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env[TEST_ENV.ready] = '1';
}
