import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Root of the public reference files (../shared/data beside the checkout; PASSERELLE_SHARED_DATA overrides). */
export const SHARED_DATA_DIR = resolve(process.env.PASSERELLE_SHARED_DATA ?? join(PROJECT_ROOT, '..', 'shared', 'data'));

/** Path of a reference file; fails loudly when the shared data is missing, rather than skipping tests. */
export function sharedData(...parts: string[]): string {
  const path = join(SHARED_DATA_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`reference file missing: ${path} (set PASSERELLE_SHARED_DATA to the shared data folder)`);
  return path;
}

/** Path of a hand-written test file under tests/fixtures/import. */
export function importFixture(...parts: string[]): string {
  return join(PROJECT_ROOT, 'tests', 'fixtures', 'import', ...parts);
}
