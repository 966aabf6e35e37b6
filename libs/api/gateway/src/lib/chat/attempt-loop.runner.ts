import { AppError } from '@vipcloud/platform';
import type { Channel } from '../catalog/model-catalog.service';
import type { UpstreamFailure } from '../providers/provider-adapter';
import type { ClientSink } from './client-sink';
import type { RequestRun } from './request-run.state';

export type AttemptOutcome =
  { type: 'completed' } | { type: 'failed'; failure: UpstreamFailure } | { type: 'client_closed' };

/** One try on one channel: the only part that differs between a whole answer and a stream. */
export type Attempt = (channel: Channel, abort: AbortController) => Promise<AttemptOutcome>;

/** Decides what a failed attempt means: throws when no other route may be tried. */
export type FailureHandler = (failure: UpstreamFailure, channel: Channel) => Promise<void>;

/**
 * Tries the channels in order until one answers. Failover happens only before the caller has seen a
 * byte; after that the attempt has ended the answer itself. Returns the last failure when every
 * channel failed, or null when the request is over (answered, or the caller left).
 */
export async function runAttempts(
  channels: Channel[],
  sink: ClientSink,
  run: RequestRun,
  attempt: Attempt,
  onFailure: FailureHandler,
): Promise<UpstreamFailure | null> {
  let lastFailure: UpstreamFailure | null = null;
  for (const channel of channels) {
    if (sink.closed) return clientClosed(sink, run);
    run.startAttempt(channel);
    const abort = new AbortController();
    // A caller who hangs up stops the upstream call too: nobody will read its answer.
    const stopListening = sink.onClose(() => abort.abort());
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(channel, abort);
    } catch (err) {
      // The gateway's own verdict (an adapter refusing a parameter) ends the request as it is; anything
      // else means the upstream could not be reached, and another route may do better.
      if (err instanceof AppError) throw err;
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

export function transportFailure(err: unknown): UpstreamFailure {
  const name = err instanceof Error ? err.name : 'Error';
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  const timeout =
    code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  return {
    kind: timeout ? 'timeout' : 'network',
    message: `Could not reach the upstream (${code ?? name}).`,
    upstreamCode: code,
  };
}
