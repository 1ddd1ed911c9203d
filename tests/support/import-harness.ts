import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { SearchService } from '../../src/infra/search/search.service';
import { ImportKind, ImportOptions } from '../../src/modules/imports/importer';
import { ImportReport, ImportRunner } from '../../src/modules/imports/import-runner.service';
import { requireEnv, TEST_ENV } from '../setup/test-env';
import { createTestDatabase, TestDatabase } from './test-database';

export interface ImportHarness {
  context: INestApplicationContext;
  config: AppConfig;
  dataSource: DataSource;
  search: SearchService;
  db: TestDatabase;
  /** Runs one import as `cli import` does, without the progress bar. */
  importFile(kind: ImportKind, file: string, options?: Partial<ImportOptions>): Promise<ImportReport>;
  close(): Promise<void>;
}

/** The CLI's module graph on a database of its own and a Meilisearch index prefix of its own. */
export async function startImportHarness(): Promise<ImportHarness> {
  const db = await createTestDatabase();
  const suffix = randomBytes(4).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: requireEnv(TEST_ENV.redisUrl),
    MEILI_URL: requireEnv(TEST_ENV.meiliUrl),
    MEILI_MASTER_KEY: process.env[TEST_ENV.meiliKey] || undefined,
    MEILI_INDEX_PREFIX: `i${suffix}_`,
    SMTP_URL: 'smtp://127.0.0.1:2525',
    APP_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
  });
  const moduleRef = await Test.createTestingModule({ imports: [CliModule] }).overrideProvider(AppConfig).useValue(config).compile();
  moduleRef.useLogger(false);
  const context = await moduleRef.init();
  const runner = context.get(ImportRunner);
  return {
    context,
    config,
    dataSource: context.get(DataSource),
    search: context.get(SearchService),
    db,
    importFile: (kind, file, options) => runner.run(kind, file, options),
    close: async () => {
      await context.close();
      await db.drop();
    },
  };
}
