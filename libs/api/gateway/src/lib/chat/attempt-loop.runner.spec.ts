import { InvalidRequestError } from '@vipcloud/platform';
import type { Channel } from '../catalog/model-catalog.service';
import type { TokenEstimator } from '../metering/token-estimator';
import type { UpstreamFailure } from '../providers/provider-adapter';
import { Attempt, AttemptOutcome, isTransportError, runAttempts, transportFailure } from './attempt-loop.runner';
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

/** An error as undici or Node's sockets raise it: a plain Error with a string code. */
function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** What undici rejects with when our AbortController fires (the caller left, or our idle timer). */
const abortError = (): Error => new DOMException('This operation was aborted', 'AbortError');

/** An attempt that needs no body: the loop under test never looks at it. */
function attemptOf(send: () => Promise<AttemptOutcome>): Attempt<null> {
  return { prepare: () => null, send };
}

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
      attemptOf(async () => {
        const next = outcomes[i++];
        if (next instanceof Error) throw next;
        return typeof next === 'function' ? next() : next;
      }),
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
      coded('UND_ERR_SOCKET', 'other side closed'),
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
      throw abortError();
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
    const attempt = attemptOf(async () => ({ type: 'failed', failure: serverError }));
    await expect(runAttempts(channels, sink as unknown as ClientSink, run, attempt, refuse)).rejects.toThrow(
      'not a route failure',
    );
    expect(run.attempts).toBe(1);
  });

  describe('local exceptions', () => {
    it.each([
      ['a TypeError from an adapter', new TypeError("Cannot read properties of undefined (reading 'content')")],
      ['a RangeError from serialising a deep body', new RangeError('Maximum call stack size exceeded')],
      ['a plain Error without a code', new Error('socket')],
      ['an undici argument error (our own call)', coded('UND_ERR_INVALID_ARG')],
      ['a Node error that is not a network one', coded('ERR_INVALID_URL')],
    ])('rethrows %s: the request ends, no route fails or cools down', async (_what, err) => {
      await expect(loop([err])).rejects.toBe(err);
      expect(failed).toEqual([]);
      expect(run.attempts).toBe(1);
      expect(sink.listeners).toBe(0);
    });

    it('rethrows a local exception even when the caller has left meanwhile', async () => {
      const bug = new TypeError('bug');
      const hangUp = (): AttemptOutcome => {
        sink.closed = true;
        throw bug;
      };
      await expect(loop([hangUp])).rejects.toBe(bug);
      expect(failed).toEqual([]);
    });

    it('builds the body outside the attempt: an error there is thrown before anything is sent', async () => {
      const bug = new RangeError('Maximum call stack size exceeded');
      let sent = 0;
      const attempt: Attempt<string> = {
        prepare: () => {
          throw bug;
        },
        send: async () => {
          sent++;
          return { type: 'completed' };
        },
      };
      await expect(runAttempts(channels, sink as unknown as ClientSink, run, attempt, onFailure)).rejects.toBe(bug);
      expect([sent, failed, sink.listeners]).toEqual([0, [], 0]);
    });

    it('hands each channel the body prepared for it', async () => {
      const sentBodies: string[] = [];
      const attempt: Attempt<string> = {
        prepare: (channel) => `body-for-${channel.id}`,
        send: async (body) => {
          sentBodies.push(body);
          return sentBodies.length < 2 ? { type: 'failed', failure: serverError } : { type: 'completed' };
        },
      };
      await expect(runAttempts(channels, sink as unknown as ClientSink, run, attempt, onFailure)).resolves.toBeNull();
      expect(sentBodies).toEqual(['body-for-a', 'body-for-b']);
    });
  });
});

describe('isTransportError', () => {
  it.each([
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_ABORTED',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('counts %s as the network', (code) => {
    expect(isTransportError(coded(code))).toBe(true);
  });

  it('counts the abort of our own controller as the network', () => {
    expect(isTransportError(abortError())).toBe(true);
  });

  it.each<[string, unknown]>([
    ['TypeError', new TypeError('x is not a function')],
    ['RangeError', new RangeError('Maximum call stack size exceeded')],
    ['SyntaxError', new SyntaxError('Unexpected token')],
    ['Error without a code', new Error('socket')],
    ['UND_ERR_INVALID_ARG', coded('UND_ERR_INVALID_ARG')],
    ['UND_ERR_CLOSED', coded('UND_ERR_CLOSED')],
    ['UND_ERR_DESTROYED', coded('UND_ERR_DESTROYED')],
    ['ERR_INVALID_URL', coded('ERR_INVALID_URL')],
    ['a numeric code', Object.assign(new Error('x'), { code: 20 })],
    ['a string', 'ECONNRESET'],
    ['null', null],
  ])('does not count %s', (_what, err) => {
    expect(isTransportError(err)).toBe(false);
  });
});

describe('transportFailure', () => {
  it('names the code, and tells a timeout from a lost connection', () => {
    expect(transportFailure(coded('UND_ERR_HEADERS_TIMEOUT'))).toEqual({
      kind: 'timeout',
      message: 'Could not reach the upstream (UND_ERR_HEADERS_TIMEOUT).',
      upstreamCode: 'UND_ERR_HEADERS_TIMEOUT',
    });
    expect(transportFailure(coded('ECONNREFUSED'))).toMatchObject({ kind: 'network', upstreamCode: 'ECONNREFUSED' });
    expect(transportFailure(abortError())).toEqual({
      kind: 'network',
      message: 'Could not reach the upstream (AbortError).',
      upstreamCode: undefined,
    });
  });
});
