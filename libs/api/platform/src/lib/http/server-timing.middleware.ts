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

const WRAPPED = Symbol('serverTimingWrapped');

/**
 * Gives every `/v1` answer a `Server-Timing` header (200s, errors and streams alike), so a caller sees
 * our overhead apart from the upstream's. Mount it first, so the gateway's time starts at arrival. The
 * header is computed as the headers leave: Node writes them through `writeHead`, implicitly too, which
 * is wrapped once on the Express app's response prototype (`app.response`, Express's place for
 * extending every response) rather than on each response object.
 */
export function serverTiming(responsePrototype: Response): RequestHandler {
  const proto = responsePrototype as Response & Timed & { [WRAPPED]?: true };
  if (!proto[WRAPPED]) {
    proto[WRAPPED] = true;
    const writeHead = proto.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
    proto.writeHead = function (this: Timed, ...args: unknown[]) {
      const timing = this[TIMING];
      if (timing && !this.headersSent && !this.hasHeader('server-timing')) {
        this.setHeader('Server-Timing', timing.header());
      }
      return writeHead.apply(this, args);
    } as typeof proto.writeHead;
  }
  return (req, res, next) => {
    if (isApiUrl(req.url)) (res as Timed)[TIMING] = new ServerTiming();
    next();
  };
}
