import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** STYLE.md habit 4: the crosswalk's SQL lives in its repository, the importer's writes included. */
describe('crosswalk layering', () => {
  it.each(['crosswalk.importer.ts', 'crosswalk.service.ts', 'crosswalk-pages.controller.ts', 'crosswalk.controller.ts'])('%s runs no SQL of its own', (file) => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    expect(source).not.toMatch(/\.query\(|bulkMerge|copyRows|from 'typeorm'|DataSource|EntityManager/);
  });
});
