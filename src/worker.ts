import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitWithSupervisor } from './bootstrap/exit-with-supervisor';
import { loadConfigOrExit } from './bootstrap/load-config-or-exit';
import { JsonLogger } from './common/logging/json-logger';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = new JsonLogger(config.LOG_LEVEL, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  exitWithSupervisor();
  logger.log({ msg: 'worker started' }, 'bootstrap');
}

void bootstrap();
