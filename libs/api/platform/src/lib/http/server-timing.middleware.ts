import type { RequestHandler, Response } from 'express';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isApiUrl } from './api-path';

const TIMING = Symbol('serverTiming');

type Timed = ServerResponse & { [TIMING]?: ServerTiming };

/** Milliseconds as Server-Timing writes them: two decimals, enough for a sub-millisecond overhead. */
const ms = (value: number): string => Math.max(0, value).toFixed(2);

/**
 * Where one API request's time went, for its `Server-Timing` header: the upstream's part (every
 * attempt, failed ones included) and the gateway's (all the rest, from the request's arrival to the
 * headers). The gateway marks each upstream call's start and end; a call still open when the headers
 * leave (a stream, whose headers go with its first chunk) counts up to that moment.
 */
export class ServerTiming {
  private upstreamMs = 0;
  private upstreamFrom: number | null = null;
  private upstreamCalled = false;

  constructor(readonly startedAt: number = performance.now()) {}

  /** A request goes upstream (a new attempt ends the previous one's span). */
  upstreamStarted(): void {
    this.upstreamEnded();
    this.upstreamFrom = performance.now();
    this.upstreamCalled = true;
  }

  /** The upstream's answer is in (or its first chunk, for a stream); repeated calls do nothing. */
  upstreamEnded(at: number = performance.now()): void {
    if (this.upstreamFrom === null) return;
    this.upstreamMs += at - this.upstreamFrom;
    this.upstreamFrom = null;
  }

  /** `gateway;dur=0.42, upstream;dur=12.30`; without the upstream part when none was called. */
  header(now: number = performance.now()): string {
    this.upstreamEnded(now);
    const gateway = `gateway;dur=${ms(now - this.startedAt - this.upstreamMs)}`;
    return this.upstreamCalled ? `${gateway}, upstream;dur=${ms(this.upstreamMs)}` : gateway;
  }
}

/** The request's timing, when the API's middleware attached one. */
export function serverTimingOf(res: Response | ServerResponse): ServerTiming | undefined {
  return (res as Timed)[TIMING];
}

/**
 * Gives every `/v1` answer a `Server-Timing` header (200s, errors and streams alike), so a caller sees
 * our overhead apart from the upstream's. Mounted first, so the gateway's time starts at arrival. The
 * header is computed as the headers leave: Node writes them through `writeHead`, implicitly too.
 */
export function serverTiming(): RequestHandler {
  return (req, res, next) => {
    if (!isApiUrl(req.url)) return next();
    const timing = new ServerTiming();
    const timed = res as Timed;
    timed[TIMING] = timing;
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!this.headersSent && !this.hasHeader('server-timing')) this.setHeader('Server-Timing', timing.header());
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
