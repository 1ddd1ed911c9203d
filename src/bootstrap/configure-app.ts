import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runWithContext } from '../common/logging/request-context';
import { JsonLogger } from '../common/logging/json-logger';
import { bodyParserErrors, rejectDeepJson } from '../common/http/body-guards';
import { createValidationPipe } from '../common/http/validation';
import { projectRoot, templatesDir } from '../common/templates-dir';
import { AppConfig } from '../config/app-config';
import { createViewEngine } from '../modules/web/view-engine';

const CORRELATION_HEADER = 'x-correlation-id';

/** Everything that turns the Nest app into Passerelle's api: shared by main.ts and the e2e tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig, logger: JsonLogger): void {
  app.disable('x-powered-by');
  // One proxy hop (the load balancer) is trusted, so throttling sees the client address.
  app.set('trust proxy', 1);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.headers[CORRELATION_HEADER];
    const correlationId = typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      runWithContext({ correlationId }, () =>
        logger.log({
          msg: 'request',
          method: req.method,
          route: req.route?.path ?? req.path.replace(/[0-9a-f-]{36}/g, ':id'),
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
          userId: req.user?.id,
        }, 'http'),
      );
    });
    runWithContext({ correlationId }, next);
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameSrc: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use(express.json({ limit: '100kb', verify: rejectDeepJson }));
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 300 }));
  app.use(bodyParserErrors);
  app.useStaticAssets(join(projectRoot(), 'public'), { prefix: '/static/', maxAge: config.isProduction ? '1d' : 0 });

  app.engine('hbs', createViewEngine(templatesDir(), config.NODE_ENV !== 'development'));
  app.setBaseViewsDir(templatesDir());
  app.setViewEngine('hbs');

  app.useGlobalPipes(createValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Passerelle API')
    .setDescription('Mise en relation de personnes détenues préparant leur sortie avec des employeurs. Les requêtes qui modifient des données avec un cookie de session doivent porter l’en-tête X-CSRF-Token.')
    .setVersion('0.1.0')
    .addCookieAuth('psl_sid')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });
}
