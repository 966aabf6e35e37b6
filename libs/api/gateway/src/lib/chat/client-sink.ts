import type { Response } from 'express';
import { DRAIN_DEADLINE_EVENT } from '@vipcloud/platform';

/**
 * The caller's side of one request. Streams start lazily, on the first chunk, so that until then a
 * failed upstream can still be replaced by another route without the caller noticing.
 */
export class ClientSink {
  private streamStarted = false;

  constructor(private readonly res: Response) {}

  /** True once the caller has gone away before the answer was complete. */
  get closed(): boolean {
    return this.res.destroyed && !this.res.writableFinished;
  }

  get started(): boolean {
    return this.streamStarted || this.res.headersSent;
  }

  /** Calls back if the caller disconnects early; returns a function that stops listening. */
  onClose(callback: () => void): () => void {
    const listener = (): void => {
      if (!this.res.writableFinished) callback();
    };
    // Gone before we started listening: its 'close' has already fired.
    if (this.closed) queueMicrotask(callback);
    this.res.on('close', listener);
    return () => this.res.off('close', listener);
  }

  /**
   * Calls back if this instance's shutdown deadline comes while the answer is still open (see `HttpDrain`);
   * returns a function that stops listening. The callback may end the answer itself, at once.
   */
  onShutdownDeadline(callback: () => void): () => void {
    this.res.once(DRAIN_DEADLINE_EVENT, callback);
    return () => this.res.off(DRAIN_DEADLINE_EVENT, callback);
  }

  /**
   * A whole JSON answer, written straight to Node's response: Express's `res.json` would also hash the body for
   * an ETag (meaningless on a POST answer nobody revalidates) and re-derive headers on every request.
   */
  sendJson(status: number, body: unknown): void {
    const text = JSON.stringify(body);
    this.res.statusCode = status;
    this.res.setHeader('content-type', 'application/json; charset=utf-8');
    this.res.setHeader('content-length', Buffer.byteLength(text));
    this.res.end(text);
  }

  /** Headers for whatever answer comes (the rate limits'): set before any is sent. */
  setHeaders(headers: Readonly<Record<string, string>>): void {
    for (const name in headers) this.res.setHeader(name, headers[name]);
  }

  startStream(): void {
    if (this.streamStarted) return;
    this.streamStarted = true;
    this.res.status(200);
    this.res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('cache-control', 'no-cache, no-transform');
    // No `connection` header of our own: Node keeps the connection alive by itself, and a draining
    // server (shutdown) must be able to say `close` on a stream that starts while it drains.
    this.res.setHeader('x-accel-buffering', 'no');
    // No flushHeaders(): the first chunk's write carries the headers in the same packet.
  }

  /**
   * Runs writes as one socket write: events that arrived in the same upstream read leave
   * together (one syscall), and nothing waits for data that has not arrived.
   */
  batch(fn: () => void): void {
    this.res.cork();
    try {
      fn();
    } finally {
      this.res.uncork();
    }
  }

  /**
   * True when the caller's socket buffer is full (a write returned false and 'drain' has not come yet):
   * whoever feeds the sink should stop reading its source until `drained()` resolves. A cheap getter,
   * so the relay can check it after every upstream read and only await when it must.
   */
  get needsDrain(): boolean {
    return this.res.writableNeedDrain;
  }

  /**
   * Resolves when the caller has taken what was buffered ('drain'), or has gone away ('close'): a caller
   * who hangs up while we wait must never leave the relay waiting forever. At once if there is room. A
   * caller who takes nothing for `stallMs` is cut off (the socket is destroyed, which ends the wait as a
   * hang-up): otherwise a client that stops reading would hold its upstream connection indefinitely.
   */
  drained(stallMs: number): Promise<void> {
    const res = this.res;
    if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const stalled = setTimeout(() => res.destroy(), stallMs);
      const done = (): void => {
        clearTimeout(stalled);
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }

  /**
   * One SSE event, written at once: no buffering between upstream and caller. Its return value is not
   * needed here: the socket remembers a full buffer, and `needsDrain` reads that.
   */
  writeData(data: string): void {
    if (!this.res.writableEnded) this.res.write(`data: ${data}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }

  /** The caller left: release the connection now rather than when the server shuts down. */
  abandon(): void {
    if (!this.res.writableEnded) this.res.destroy();
  }
}
