/** Values shared between Jest's global setup and the test files (through the environment of the workers). */
export const TEST_ENV = {
  adminUrl: 'PASSERELLE_TEST_PG_ADMIN_URL',
  templateDb: 'PASSERELLE_TEST_TEMPLATE_DB',
  runId: 'PASSERELLE_TEST_RUN_ID',
  meiliUrl: 'PASSERELLE_TEST_MEILI_URL',
  meiliKey: 'PASSERELLE_TEST_MEILI_KEY',
  redisUrl: 'PASSERELLE_TEST_REDIS_URL',
  ready: 'PASSERELLE_TEST_SETUP_DONE',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through Jest's global setup (npm test)`);
  return value;
}

/** Destructive helpers refuse to run outside NODE_ENV=test. */
export function assertTestEnvironment(): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('refusing to run a destructive test helper outside NODE_ENV=test');
}

/** Test databases are named passerelle_test_<unix seconds>_<random>_…, so stale ones can be told by age. */
export const TEST_DB_PREFIX = 'passerelle_test_';
