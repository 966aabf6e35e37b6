import { MemoryRateLimiter } from './memory-rate-limiter';
import type { AdmissionRequest, LimitSet } from './rate-limit.types';

const NONE: LimitSet = { requestsPerMinute: 0, tokensPerMinute: 0, concurrentStreams: 0 };

function request(over: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    requestId: 'req_1',
    keyId: 'k1',
    accountId: 'a1',
    tokens: 10,
    stream: false,
    key: NONE,
    account: NONE,
    ...over,
  };
}

describe('MemoryRateLimiter', () => {
  let now: number;
  let limiter: MemoryRateLimiter;
  beforeEach(() => {
    now = 1_000_000;
    limiter = new MemoryRateLimiter(() => now, 60_000);
  });

  it('admits a key’s whole minute at once, then one more each limit-th of a minute', async () => {
    const r = request({ key: { ...NONE, requestsPerMinute: 6 } });
    for (let i = 0; i < 6; i++) expect((await limiter.admit(r)).refusal).toBeNull();
    const refused = await limiter.admit(r);
    expect(refused.refusal).toEqual({ limit: 'requests', scope: 'key', value: 6, retryAfterMs: 10_000 });
    now += 9_999;
    expect((await limiter.admit(r)).refusal).not.toBeNull();
    now += 1;
    expect((await limiter.admit(r)).refusal).toBeNull();
  });

  it('reports what is left of the tighter of the key and the account', async () => {
    const r = request({ key: { ...NONE, requestsPerMinute: 10 }, account: { ...NONE, requestsPerMinute: 4 } });
    const first = await limiter.admit(r);
    expect(first.requests).toEqual({ limit: 4, remaining: 3, resetMs: 15_000 });
    expect(first.tokens).toBeNull();
  });

  it('counts a refused request against nothing, and checks every limit before counting any', async () => {
    const r = request({ key: { ...NONE, requestsPerMinute: 100 }, account: { ...NONE, tokensPerMinute: 25 } });
    expect((await limiter.admit(r)).refusal).toBeNull();
    expect((await limiter.admit(r)).refusal).toBeNull();
    expect((await limiter.admit(r)).refusal?.limit).toBe('tokens');
    // The refused one took no request from the key: 98 left after two admissions.
    expect((await limiter.admit({ ...r, tokens: 0 })).requests?.remaining).toBe(97);
  });

  it('never admits one request larger than the tokens per minute, and says a retry cannot help', async () => {
    const r = request({ key: { ...NONE, tokensPerMinute: 100 }, tokens: 101 });
    expect((await limiter.admit(r)).refusal).toEqual({ limit: 'tokens', scope: 'key', value: 100, retryAfterMs: null });
  });

  it('corrects tokens to the real usage, and gives back a request refused after admission', async () => {
    const r = request({ key: { requestsPerMinute: 2, tokensPerMinute: 100, concurrentStreams: 0 }, tokens: 80 });
    expect((await limiter.admit(r)).refusal).toBeNull();
    expect((await limiter.admit({ ...r, tokens: 30 })).refusal?.limit).toBe('tokens');
    await limiter.change([{ request: r, requestDelta: 0, tokenDelta: -70, local: false }]);
    expect((await limiter.admit({ ...r, tokens: 30 })).refusal).toBeNull();
    // Two requests counted: the third is refused until one is given back.
    expect((await limiter.admit({ ...r, tokens: 0 })).refusal?.limit).toBe('requests');
    await limiter.change([{ request: { ...r, tokens: 30 }, requestDelta: -1, tokenDelta: -30, local: false }]);
    expect((await limiter.admit({ ...r, tokens: 0 })).refusal).toBeNull();
  });

  it('holds a stream slot until the stream ends, or until the slot lapses', async () => {
    const limits = { ...NONE, concurrentStreams: 2 };
    const stream = (id: string) => request({ requestId: id, stream: true, account: limits });
    expect((await limiter.admit(stream('s1'))).refusal).toBeNull();
    expect((await limiter.admit(stream('s2'))).refusal).toBeNull();
    expect((await limiter.admit(stream('s3'))).refusal).toEqual({
      limit: 'streams',
      scope: 'account',
      value: 2,
      retryAfterMs: 1_000,
    });
    // Requests that do not stream take no slot.
    expect((await limiter.admit(request({ account: limits }))).refusal).toBeNull();
    await limiter.change([{ request: stream('s1'), requestDelta: 0, tokenDelta: 0, local: false }]);
    expect((await limiter.admit(stream('s3'))).refusal).toBeNull();
    now += 60_000;
    expect((await limiter.admit(stream('s4'))).refusal).toBeNull();
    expect((await limiter.admit(stream('s5'))).refusal).toBeNull();
  });

  it('keeps keys apart and counts every key of an account together', async () => {
    const limits = { key: { ...NONE, requestsPerMinute: 2 }, account: { ...NONE, requestsPerMinute: 3 } };
    expect((await limiter.admit(request({ keyId: 'k1', ...limits }))).refusal).toBeNull();
    expect((await limiter.admit(request({ keyId: 'k1', ...limits }))).refusal).toBeNull();
    expect((await limiter.admit(request({ keyId: 'k1', ...limits }))).refusal?.scope).toBe('key');
    expect((await limiter.admit(request({ keyId: 'k2', ...limits }))).refusal).toBeNull();
    expect((await limiter.admit(request({ keyId: 'k3', ...limits }))).refusal?.scope).toBe('account');
    expect((await limiter.admit(request({ keyId: 'k9', accountId: 'a2', ...limits }))).refusal).toBeNull();
  });
});
