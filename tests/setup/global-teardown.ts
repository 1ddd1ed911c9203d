import { Client } from 'pg';
import { TEST_DB_PREFIX, TEST_ENV } from './test-env';

let done = false;

export default async function globalTeardown(): Promise<void> {
  if (done) return;
  done = true;
  await globalThis.__passerelleMeili?.stop();
  const template = process.env[TEST_ENV.templateDb];
  if (!template) return;
  const admin = new Client({ connectionString: process.env[TEST_ENV.adminUrl] });
  await admin.connect();
  const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}${process.env[TEST_ENV.runId]}%`]);
  for (const { datname } of left.rows as { datname: string }[]) {
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
  await admin.end();
}
