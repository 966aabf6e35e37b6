import type { RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { isApiUrl } from '../http/api-path';

/**
 * `/v1`'s access log: the same one line per request as pino-http writes for every other route (same
 * fields, so the readable format shows it alike), without what pino-http builds per request — a child
 * logger and a request-scoped context for nestjs-pino — which `/v1` never uses: its services log with
 * the request id in the message. Mounted before Nest's middleware, which skips `/v1` (loggerParams).
 * Method, path without the query, status and time only: never headers or bodies.
 */
export function apiAccessLog(rootLogger: () => Logger): RequestHandler {
  return (req, res, next) => {
    if (!isApiUrl(req.url)) return next();
    const logger = rootLogger();
    if (!logger.isLevelEnabled('error')) return next();
    const startedAt = performance.now();
    res.on('close', () => {
      const aborted = !res.writableFinished;
      const level = res.statusCode >= 500 ? 'error' : aborted ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      // The raw objects: the root logger's serializers (loggerParams) keep the method, the path without
      // its query and the status, exactly as on pino-http's lines.
      logger[level](
        { req, res, responseTime: Math.round(performance.now() - startedAt) },
        level === 'error' ? 'request errored' : aborted ? 'request aborted' : 'request completed',
      );
    });
    next();
  };
}
