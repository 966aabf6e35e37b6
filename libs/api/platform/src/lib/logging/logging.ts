import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config';

export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/**
 * Request logs carry method, path, status and timing — never headers that hold secrets and
 * never bodies, so no prompt, completion or key can reach a log line.
 */
export function loggerParams(config: AppConfig): Params {
  const destination =
    config.logDestination === 'stdout'
      ? pino.destination(1)
      : pino.destination({ dest: config.logDestination, sync: true, mkdir: true });
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        // The app sets the id before anything else runs; this covers servers built without it.
        genReqId: (req: IncomingMessage & { id?: string | number | object }, res: ServerResponse) => {
          if (typeof req.id === 'string') return req.id;
          const id = newRequestId();
          res.setHeader('x-request-id', id);
          return id;
        },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url.split('?')[0],
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        redact: {
          paths: ['req.headers', 'res.headers', '*.authorization', '*["x-api-key"]', '*.cookie'],
          remove: true,
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
      },
      destination,
    ],
  };
}
