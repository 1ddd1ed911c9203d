import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { startSmtpCatcher, SmtpCatcher } from '../../src/dev/smtp-catcher';
import { WorkerModule } from '../../src/worker.module';
import { requireEnv, TEST_ENV } from '../setup/test-env';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  /** The HTTP server, for supertest. */
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  /** Base URL of the listening server, for the browser. */
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  mail: SmtpCatcher;
  worker?: INestApplicationContext;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Also run the worker (outbox relay + e-mail processor) in this process. */
  worker?: boolean;
  env?: Record<string, string>;
}

/** Removes every key of this test's Redis prefix (sessions, throttling, BullMQ queues). */
async function flushPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * The whole api on real PostgreSQL (a database of its own), Redis (a key prefix of its own), Meilisearch
 * (an index prefix of its own) and an SMTP server on loopback; optionally the worker too.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const mail = await startSmtpCatcher();
  const suffix = randomBytes(4).toString('hex');
  const redisUrl = requireEnv(TEST_ENV.redisUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1:3999',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `ptest-${suffix}`,
    MEILI_URL: requireEnv(TEST_ENV.meiliUrl),
    MEILI_MASTER_KEY: process.env[TEST_ENV.meiliKey] || undefined,
    MEILI_INDEX_PREFIX: `t${suffix}_`,
    SMTP_URL: mail.url,
    APP_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const logger = new JsonLogger(config.LOG_LEVEL, 'test');
  try {
    return await startWithin(db, mail, config, logger, redisUrl, options);
  } catch (error) {
    // A module that fails to build must not leave the database and the SMTP server holding Jest open.
    await mail.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw error;
  }
}

async function startWithin(db: TestDatabase, mail: SmtpCatcher, config: AppConfig, logger: JsonLogger, redisUrl: string, options: TestAppOptions): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger, bodyParser: false });
  configureApp(app, config, logger);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Links in e-mails must point at this server.
  (config as { PUBLIC_URL: string }).PUBLIC_URL = url;

  let worker: INestApplicationContext | undefined;
  if (options.worker) {
    const workerRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    workerRef.useLogger(logger);
    try {
      worker = await workerRef.init();
    } catch (error) {
      await workerRef.close().catch(() => undefined);
      await app.close().catch(() => undefined);
      throw error;
    }
  }

  return {
    app,
    server: app.getHttpServer(),
    url,
    config,
    dataSource: app.get(DataSource),
    mail,
    worker,
    db,
    close: async () => {
      await worker?.close();
      await app.close();
      await mail.stop();
      await flushPrefix(redisUrl, config.REDIS_PREFIX);
      await db.drop();
    },
  };
}
