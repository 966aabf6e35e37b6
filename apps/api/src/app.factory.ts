import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  API_HELMET_OPTIONS,
  AppConfig,
  AppExceptionFilter,
  applyServerLimits,
  graphqlBodyParser,
  JSON_TYPES,
  newRequestId,
  toErrorResponse,
} from '@vipcloud/platform';
import express, { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

/** Builds the HTTP app exactly as production runs it; tests call this too. */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, 'api'), {
    bodyParser: false,
    bufferLogs: true,
    // Throw start-up errors to the caller (main prints them) instead of exiting inside Nest.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // No enableShutdownHooks(): main.ts stops on signals itself (drain first, then app.close() runs the hooks).
  const limits = config.httpLimits;
  // Before listen: Node reads the timeout checker's interval when the server starts listening.
  applyServerLimits(app.getHttpServer() as Server, limits);
  const trusted = config.trustedProxies;
  // X-Forwarded-For is believed only from the proxies we were told about.
  app.set('trust proxy', trusted.length > 0 ? trusted : false);
  app.disable('x-powered-by');
  // API answers are never revalidated; hashing every body for an ETag was measurable on /v1.
  app.set('etag', false);
  // First of all, so even a body too large or unparsable is answered with its request id.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = newRequestId();
    req.id = id;
    res.setHeader('x-request-id', id);
    next();
  });
  app.use(helmet(API_HELMET_OPTIONS));
  // Payment notifications are signed over their exact bytes: keep them raw (JSON parsing skips a parsed body).
  app.use('/webhooks', express.raw({ limit: '1mb', type: () => true }));
  // /graphql's own, smaller limit first: a body it has parsed is skipped by the general parser.
  app.use('/graphql', ...graphqlBodyParser(limits.graphqlBodyLimitBytes));
  app.use(express.json({ limit: config.bodyLimitBytes, type: JSON_TYPES }));
  // Body-parser errors happen before Nest's router; answer them in OpenAI's shape as well.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { status, body } = toErrorResponse(err);
    res.status(status).json(body);
  });
  app.useGlobalFilters(new AppExceptionFilter());
  return app;
}

/** The job worker: the same modules, no HTTP, processing the queues. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'worker'), {
    bufferLogs: true,
    abortOnError: false,
  });
  ctx.useLogger(ctx.get(Logger));
  // No enableShutdownHooks(): worker.ts stops on signals itself (running jobs first, then ctx.close()).
  return ctx;
}
