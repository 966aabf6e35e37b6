import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  apiAccessLog,
  AppConfig,
  AppExceptionFilter,
  applyServerLimits,
  graphqlBodyParser,
  JSON_TYPES,
  newRequestId,
  securityHeaders,
  serverTiming,
  serveDirect,
  toErrorResponse,
} from '@vipcloud/platform';
import { CHAT_COMPLETIONS_PATH, chatCompletionsRoute } from '@vipcloud/gateway';
import express, { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Logger, PinoLogger } from 'nestjs-pino';
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
  // First of all, so the gateway's time in /v1's Server-Timing starts at the request's arrival.
  // The app's own response prototype (Nest's adapter may carry its own copy of Express).
  const { response } = app.getHttpAdapter().getInstance() as { response: Response };
  const timing = serverTiming(response);
  // Before any parsing, so even a body too large or unparsable is answered with its request id.
  const requestId = (req: Request, res: Response, next: NextFunction): void => {
    const id = newRequestId();
    req.id = id;
    res.setHeader('x-request-id', id);
    next();
  };
  // /v1's access line; Nest's logging middleware (pino-http) serves every other route. The root logger
  // exists once Nest has applied its middleware, at start-up, before any request.
  const accessLog = apiAccessLog(() => PinoLogger.root);
  const security = securityHeaders();
  const json = express.json({ limit: config.bodyLimitBytes, type: JSON_TYPES });
  // Body-parser errors happen before Nest's router; answer them in OpenAI's shape as well.
  const bodyErrors = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (!err) return next();
    const { status, body } = toErrorResponse(err);
    res.status(status).json(body);
  };
  app.use(timing);
  app.use(requestId);
  app.use(accessLog);
  app.use(security);
  // Payment notifications are signed over their exact bytes: keep them raw (JSON parsing skips a parsed body).
  app.use('/webhooks', express.raw({ limit: '1mb', type: () => true }));
  // /graphql's own, smaller limit first: a body it has parsed is skipped by the general parser.
  app.use('/graphql', ...graphqlBodyParser(limits.graphqlBodyLimitBytes));
  app.use(json);
  app.use(bodyErrors);
  // The busiest route, ahead of Nest's router and pipeline (same policy, same work, same error mapping).
  const chat = chatCompletionsRoute(app);
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  instance.post(CHAT_COMPLETIONS_PATH, chat);
  // And its exact path straight from the server, past Express's router: the same middleware, in order.
  serveDirect(app.getHttpServer() as Server, instance, {
    method: 'POST',
    path: CHAT_COMPLETIONS_PATH,
    handlers: [timing, requestId, accessLog, security, json, chat],
    onError: bodyErrors,
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
