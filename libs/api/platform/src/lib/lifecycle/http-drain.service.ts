import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Emitted on each response still open when the drain's deadline comes, before its connection is closed. A
 * handler that can end its answer properly (a stream that has started: an error event its client's SDK
 * understands, then the end) does so at once; what is still open a moment later is cut. Listen with
 * `res.once(DRAIN_DEADLINE_EVENT, …)` and stop listening when the answer ends.
 */
export const DRAIN_DEADLINE_EVENT = 'vipcloud:drain-deadline';

/**
 * How long, after the deadline's event, answers that end themselves get to go out before every connection
 * still open is closed: a few event-loop turns and one socket write each, with room for a loaded process.
 */
export const DEADLINE_WRAP_UP_MS = 1_000;

export interface DrainOutcome {
  /** Requests open when the drain began, or that arrived on an open connection during it. */
  served: number;
  /** Of those, the ones still open at the deadline, whose connections were closed under them. */
  cut: number;
}

/**
 * Stops an HTTP server the way a load balancer expects: the listening socket closes at once (a new
 * connection is refused, which every balancer treats as "try another instance", safe even for a POST since
 * nothing was sent), requests already open run to their end, and every response from then on carries
 * `Connection: close`.
 *
 * A request that arrives during the drain on a connection that was already open is served, not refused
 * with a 503: it reached this instance before the balancer learned it was leaving, a 503 on a POST is not
 * retried by nginx, HAProxy or Envoy by default (the caller would see the error), and `Connection: close`
 * is HTTP/1.1's own signal that this connection ends after this response, so the balancer's next request
 * goes to a new connection, to another instance. Each connection takes at most one such request.
 *
 * What is still open at the deadline is told so first (`DRAIN_DEADLINE_EVENT`): a started stream ends
 * itself with an error event and is billed for what was sent. After `DEADLINE_WRAP_UP_MS`, whatever is still
 * open has its connection closed: the gateway sees the caller leave, aborts the upstream and bills what was
 * sent, as for any caller who hangs up (a request that had no answer yet: the client's SDK retries it).
 *
 * Created before the server listens, so every request is known; per request it costs one listener.
 */
export class HttpDrain {
  private readonly open = new Set<ServerResponse>();
  private draining = false;
  private served = 0;

  constructor(
    private readonly server: Server,
    private readonly wrapUpMs = DEADLINE_WRAP_UP_MS,
  ) {
    // Before the application's own listener, so the header is set before any handler can send.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.open.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops accepting, waits up to `graceMs` for open requests (and their connections) to end, then closes
   * what is left. Resolves once every connection is closed and the handlers of cut requests have unwound
   * (so their metadata rows and settlements are recorded before the application's shutdown hooks flush).
   */
  async drain(graceMs: number): Promise<DrainOutcome> {
    this.draining = true;
    this.served = this.open.size;
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    // Closes the listening socket and the idle keep-alive connections; calls back when no connection is left.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), graceMs);
    });
    const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline]);
    clearTimeout(timer);
    let cut = 0;
    if (outcome === 'deadline') {
      cut = this.open.size;
      for (const res of [...this.open]) res.emit(DRAIN_DEADLINE_EVENT);
      let wrapUp: NodeJS.Timeout | undefined;
      await Promise.race([
        closed,
        new Promise<void>((resolve) => {
          wrapUp = setTimeout(resolve, this.wrapUpMs);
        }),
      ]);
      clearTimeout(wrapUp);
      this.server.closeAllConnections();
      await closed;
    }
    // A cut request's handler learns of the closed connection from the socket's 'close' and unwinds on the
    // following ticks (the upstream abort, then its metering): one turn of the event loop lets it finish.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { served: this.served, cut };
  }

  private track(res: ServerResponse): void {
    this.open.add(res);
    if (this.draining) {
      this.served++;
      res.setHeader('connection', 'close');
    }
    res.once('close', () => this.untrack(res));
  }

  private untrack(res: ServerResponse): void {
    this.open.delete(res);
    // A response that went out as keep-alive (a stream's headers were sent before the drain began) leaves
    // its connection idle and open: close it now, or the server's close would wait for the client to leave.
    if (this.draining) this.server.closeIdleConnections();
  }
}
