import { AppError } from '@vipcloud/platform';
import type { Channel } from '../catalog/model-catalog.service';
import type { UpstreamFailure } from '../providers/provider-adapter';
import type { ClientSink } from './client-sink';
import type { RequestRun } from './request-run.state';

export type AttemptOutcome =
  { type: 'completed' } | { type: 'failed'; failure: UpstreamFailure } | { type: 'client_closed' };

/** One try on one channel: the only part that differs between a whole answer and a stream. */
export interface Attempt<P> {
  /**
   * Builds and serialises what goes upstream. It runs before anything is sent, outside the part whose
   * errors may be blamed on the route: an adapter's bug or an unserialisable body is the gateway's own.
   */
  prepare(channel: Channel): P;
  /** Sends what `prepare` built and hands the answer to the caller. */
  send(prepared: P, channel: Channel, abort: AbortController): Promise<AttemptOutcome>;
}

/** Decides what a failed attempt means: throws when no other route may be tried. */
export type FailureHandler = (failure: UpstreamFailure, channel: Channel) => Promise<void>;

/**
 * Tries the channels in order until one answers. Failover happens only before the caller has seen a
 * byte; after that the attempt has ended the answer itself. Returns the last failure when every
 * channel failed, or null when the request is over (answered, or the caller left). Any error that did
 * not come from the network is rethrown as it is: it ends the request and cools no route down.
 */
export async function runAttempts<P>(
  channels: Channel[],
  sink: ClientSink,
  run: RequestRun,
  attempt: Attempt<P>,
  onFailure: FailureHandler,
): Promise<UpstreamFailure | null> {
  let lastFailure: UpstreamFailure | null = null;
  for (const channel of channels) {
    if (sink.closed) return clientClosed(sink, run);
    run.startAttempt(channel);
    const prepared = attempt.prepare(channel);
    const abort = new AbortController();
    // A caller who hangs up stops the upstream call too: nobody will read its answer.
    const stopListening = sink.onClose(() => abort.abort());
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt.send(prepared, channel, abort);
    } catch (err) {
      // The gateway's own verdicts (an AppError) and its own bugs end the request as they are; only a
      // network error means the upstream could not be reached, so that another route may do better.
      if (err instanceof AppError || !isTransportError(err)) throw err;
      outcome = sink.closed ? { type: 'client_closed' } : { type: 'failed', failure: transportFailure(err) };
    } finally {
      stopListening();
    }
    if (outcome.type === 'completed') return null;
    if (outcome.type === 'client_closed') return clientClosed(sink, run);
    // Bytes already reached the caller: the stream has been ended with an error event, no retry.
    if (sink.started) return null;
    lastFailure = outcome.failure;
    await onFailure(outcome.failure, channel);
  }
  return lastFailure;
}

function clientClosed(sink: ClientSink, run: RequestRun): null {
  sink.abandon();
  run.clientClosed();
  return null;
}

/** Node's socket and DNS errors: the route's host, network or TLS handshake failed. */
const NETWORK_CODES = new Set([
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPROTO',
]);

/** undici codes that speak of our own call or our own client, not of the upstream. */
const LOCAL_UNDICI_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err as { code: unknown };
  // DOMException carries a numeric legacy code (20 for AbortError), which says nothing.
  return typeof code === 'string' ? code : undefined;
}

/** Read without `instanceof`: undici's DOMException and Node's errors may come from another realm. */
function errorName(err: unknown): string {
  if (typeof err !== 'object' || err === null || !('name' in err)) return 'Error';
  const { name } = err as { name: unknown };
  return typeof name === 'string' ? name : 'Error';
}

function isAbortError(err: unknown): boolean {
  return errorName(err) === 'AbortError';
}

/**
 * True for errors raised by the network or by undici while talking to the upstream, and for the abort
 * of our own timers (the idle timeout, or the caller hanging up). Everything else (a TypeError, a
 * RangeError from serialising, a bug in an adapter) is a local exception and never a route's failure.
 */
export function isTransportError(err: unknown): boolean {
  if (isAbortError(err)) return true;
  const code = errorCode(err);
  if (code === undefined) return false;
  if (code.startsWith('UND_ERR_')) return !LOCAL_UNDICI_CODES.has(code);
  return (
    code.startsWith('ECONN') || NETWORK_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')
  );
}

export function transportFailure(err: unknown): UpstreamFailure {
  const code = errorCode(err);
  const name = errorName(err);
  const timeout =
    code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  return {
    kind: timeout ? 'timeout' : 'network',
    message: `Could not reach the upstream (${code ?? name}).`,
    upstreamCode: code,
  };
}
