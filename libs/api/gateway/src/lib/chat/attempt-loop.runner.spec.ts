import { InvalidRequestError } from '@vipcloud/platform';
import type { Channel } from '../catalog/model-catalog.service';
import type { TokenEstimator } from '../metering/token-estimator';
import type { UpstreamFailure } from '../providers/provider-adapter';
import { AttemptOutcome, runAttempts } from './attempt-loop.runner';
import type { ClientSink } from './client-sink';
import { RequestRun } from './request-run.state';

const channels: Channel[] = ['a', 'b', 'c'].map((id) => ({
  id,
  keyId: id,
  provider: 'deepseek',
  baseUrl: 'http://127.0.0.1:1',
  apiKey: 'sk',
  upstreamModel: 'm',
  priority: 1,
  weight: 1,
}));
const serverError: UpstreamFailure = { kind: 'server', message: 'boom' };

/** The parts of the caller's side the loop reads. */
class FakeSink {
  closed = false;
  started = false;
  abandoned = false;
  listeners = 0;
  onClose(): () => void {
    this.listeners++;
    return () => this.listeners--;
  }
  abandon(): void {
    this.abandoned = true;
  }
}

describe('runAttempts', () => {
  let sink: FakeSink;
  let run: RequestRun;
  let failed: string[];
  const onFailure = async (_f: UpstreamFailure, channel: Channel) => void failed.push(channel.id);
  const loop = (outcomes: Array<AttemptOutcome | Error | (() => AttemptOutcome)>) => {
    let i = 0;
    return runAttempts(
      channels,
      sink as unknown as ClientSink,
      run,
      async () => {
        const next = outcomes[i++];
        if (next instanceof Error) throw next;
        return typeof next === 'function' ? next() : next;
      },
      onFailure,
    );
  };

  beforeEach(() => {
    sink = new FakeSink();
    failed = [];
    const ctx = {
      requestId: 'req_1',
      auth: { keyId: 'k', accountId: 'a', expiresAtMs: null, allowedModels: null },
      clientIp: null,
      startedAt: 0,
    };
    run = new RequestRun(ctx, 'm', false, {} as TokenEstimator);
  });

  it('moves to the next channel after a failure before the first byte, and stops at the first answer', async () => {
    await expect(loop([{ type: 'failed', failure: serverError }, { type: 'completed' }])).resolves.toBeNull();
    expect(failed).toEqual(['a']);
    expect(run.attempts).toBe(2);
    expect(run.channel?.id).toBe('b');
    expect(sink.listeners).toBe(0);
  });

  it('returns the last failure when every channel failed; a transport error is a network failure', async () => {
    const last = await loop([
      { type: 'failed', failure: serverError },
      new Error('socket'),
      { type: 'failed', failure: serverError },
    ]);
    expect(last).toBe(serverError);
    expect(failed).toEqual(['a', 'b', 'c']);
    expect(run.attempts).toBe(3);
  });

  it('does not retry once the caller has seen a byte', async () => {
    const outcome = (): AttemptOutcome => {
      sink.started = true;
      return { type: 'failed', failure: serverError };
    };
    await expect(loop([outcome])).resolves.toBeNull();
    expect(failed).toEqual([]);
    expect(run.attempts).toBe(1);
  });

  it('stops and records a hang-up when the caller leaves, during an attempt or before one', async () => {
    const hangUp = (): AttemptOutcome => {
      sink.closed = true;
      throw new Error('aborted');
    };
    await expect(loop([{ type: 'failed', failure: serverError }, hangUp])).resolves.toBeNull();
    expect(sink.abandoned).toBe(true);
    expect([run.status, run.errorCode, run.attempts]).toEqual([499, 'client_closed', 2]);

    sink = new FakeSink();
    sink.closed = true;
    await expect(loop([])).resolves.toBeNull();
    expect(sink.abandoned).toBe(true);
  });

  it("ends the request on the gateway's own verdict instead of trying another route", async () => {
    const verdict = new InvalidRequestError('n must be 1.', 'n');
    await expect(loop([verdict])).rejects.toBe(verdict);
    expect(failed).toEqual([]);
    expect(run.attempts).toBe(1);
  });

  it('lets the failure handler end the loop by throwing', async () => {
    const refuse = async () => {
      throw new Error('not a route failure');
    };
    const attempt = async (): Promise<AttemptOutcome> => ({ type: 'failed', failure: serverError });
    await expect(runAttempts(channels, sink as unknown as ClientSink, run, attempt, refuse)).rejects.toThrow(
      'not a route failure',
    );
    expect(run.attempts).toBe(1);
  });
});
