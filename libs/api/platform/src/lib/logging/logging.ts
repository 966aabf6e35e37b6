import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { API_ROUTES } from '../http/api-path';

export function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/**
 * Request logs carry method, path, status and timing — never headers that hold secrets and
 * never bodies, so no prompt, completion or key can reach a log line.
 */
/**
 * One readable line per entry for a person at a terminal: `[context]` for Nest's lines, and a request's
 * method, path, status and duration for the access line, instead of the nested JSON objects.
 */
export function prettyLogLine(log: Record<string, unknown>, messageKey: string): string {
  const context = typeof log['context'] === 'string' ? `[${log['context']}] ` : '';
  const req = log['req'] as { method?: string; url?: string } | undefined;
  const res = log['res'] as { statusCode?: number } | undefined;
  const message = typeof log[messageKey] === 'string' ? (log[messageKey] as string) : '';
  if (req?.method && res?.statusCode !== undefined) {
    const took = typeof log['responseTime'] === 'number' ? ` ${log['responseTime']} ms` : '';
    return `${context}${req.method} ${req.url ?? ''} ${res.statusCode}${took}`;
  }
  return `${context}${message}`;
}

/** Nest's start-up wiring, one line per module and route: for a person the start-up message says enough. */
const NEST_WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
const INFO = 30;

/** Whether a readable log leaves this line out (JSON logs keep every line). */
export function isNestWiringLine(args: unknown[], level: number): boolean {
  const first = args[0];
  return (
    level === INFO &&
    typeof first === 'object' &&
    first !== null &&
    NEST_WIRING.has(String((first as { context?: unknown }).context))
  );
}

function logStream(config: AppConfig): DestinationStream {
  const toStdout = config.logDestination === 'stdout';
  if (config.logFormat === 'pretty') {
    // Loaded only for the readable format: JSON logs (production) never hold its modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as typeof import('pino-pretty');
    return pretty({
      // Colours only where they can be shown (pino-pretty's default follows the terminal and NO_COLOR/FORCE_COLOR).
      ...(toStdout ? {} : { colorize: false, destination: config.logDestination, mkdir: true }),
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,context,req,res,responseTime',
      messageFormat: prettyLogLine,
    });
  }
  return toStdout ? pino.destination(1) : pino.destination({ dest: config.logDestination, sync: true, mkdir: true });
}

export function loggerParams(config: AppConfig): Params {
  const destination = logStream(config);
  return {
    // /v1 has its own cheap access line (apiAccessLog): no child logger or request context per call.
    exclude: API_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })),
    pinoHttp: [
      {
        level: config.logLevel,
        ...(config.logFormat === 'pretty'
          ? {
              hooks: {
                logMethod(args, method, level) {
                  if (!isNestWiringLine(args, level)) method.apply(this, args);
                },
              },
            }
          : {}),
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
