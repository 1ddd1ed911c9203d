import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project root, found from the compiled (dist/) or source (src/) location. */
export function projectRoot(): string {
  let dir = resolve(__dirname);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export function templatesDir(): string {
  return join(projectRoot(), 'templates');
}
