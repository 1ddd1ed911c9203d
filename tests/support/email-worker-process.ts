/**
 * Entry of a worker child process for the e-mail reliability tests (started by email-child-worker.ts): the real
 * WorkerModule, configured from the environment as src/worker.ts is, with the e-mail queue's job lock shortened
 * (TEST_EMAIL_LOCK_MS) so that the jobs of a killed worker are taken over within seconds instead of half a minute.
 */
import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { loadConfig } from '../../src/config/app-config';
import { QueueName } from '../../src/infra/jobs/job-names';
import { JOBS_TUNING, JobsTuning } from '../../src/infra/jobs/jobs.service';
import { WorkerModule } from '../../src/worker.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const lockDuration = Number(process.env.TEST_EMAIL_LOCK_MS ?? 30_000);
  const tuning: JobsTuning = { workerOptions: { [QueueName.Email]: { lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 5)) } } };

  @Global()
  @Module({ providers: [{ provide: JOBS_TUNING, useValue: tuning }], exports: [JOBS_TUNING] })
  class TestJobsTuningModule {}

  @Module({ imports: [TestJobsTuningModule, WorkerModule] })
  class TestWorkerModule {}

  const app = await NestFactory.createApplicationContext(TestWorkerModule, { logger: new JsonLogger(config.LOG_LEVEL, 'worker') });
  app.enableShutdownHooks();
  // Never outlive the test that started this process.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.send?.('ready');
}

main().catch((error: Error) => {
  process.stderr.write(`worker child failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
