import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap/configure-app';
import { exitWithSupervisor } from './bootstrap/exit-with-supervisor';
import { loadConfigOrExit } from './bootstrap/load-config-or-exit';
import { JsonLogger } from './common/logging/json-logger';
import { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = new JsonLogger(config.LOG_LEVEL, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger, bodyParser: false });
  configureApp(app, app.get(AppConfig), logger);
  app.enableShutdownHooks();
  exitWithSupervisor();
  await app.listen(config.PORT, '0.0.0.0');
  logger.log({ msg: 'api listening', port: config.PORT, url: config.PUBLIC_URL }, 'bootstrap');
}

void bootstrap();
