/**
 * The rate limiter's two implementations held to the same cases: in memory (the embedded default, and the
 * fallback) and the Redis script (several instances). Then Redis unreachable: the instance decides alone.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  type AdmissionRequest,
  type LimitSet,
  MemoryRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from '@vipcloud/rate-limits';
import { deleteRedisKeys, redisUrl } from './kit';

const NONE: LimitSet = { requestsPerMinute: 0, tokensPerMinute: 0, concurrentStreams: 0 };
const SLOT_TTL_MS = 60_000;

let n = 0;
function request(over: Partial<AdmissionRequest> = {}): AdmissionRequest {
  n++;
  return {
    requestId: `req_${n}`,
    keyId: 'k',
    accountId: 'a',
    tokens: 10,
    stream: false,
    key: NONE,
    account: NONE,
    ...over,
  };
}

/** Fresh holders per test, so the cases do not see each other's windows. */
function holders(): Pick<AdmissionRequest, 'keyId' | 'accountId'> {
  const id = randomBytes(4).toString('hex');
  return { keyId: `k-${id}`, accountId: `a-${id}` };
}

const prefix = `vctest-limiter-${randomBytes(4).toString('hex')}:`;
const connections: Redis[] = [];

const IMPLEMENTATIONS: Array<[string, () => RateLimiter]> = [
  ['memory', () => new MemoryRateLimiter(Date.now, SLOT_TTL_MS)],
  [
    'redis',
    () => {
      const redis = new Redis(redisUrl());
      connections.push(redis);
      return new RedisRateLimiter(redis, {
        prefix,
        timeoutMs: 2_000,
        fallback: new MemoryRateLimiter(Date.now, SLOT_TTL_MS),
      });
    },
  ],
];

afterAll(async () => {
  await deleteRedisKeys(prefix);
  for (const c of connections) c.disconnect();
});

describe.each(IMPLEMENTATIONS)('rate limiter (%s)', (_name, create) => {
  let limiter: RateLimiter;
  beforeAll(async () => {
    limiter = create();
    // Redis connects asynchronously: the first admission must not find it still connecting.
    for (const c of connections) if (c.status !== 'ready') await new Promise((resolve) => c.once('ready', resolve));
  });

  it('admits a whole minute’s requests at once, then refuses with the wait for the next one', async () => {
    const who = holders();
    const limits = { key: { ...NONE, requestsPerMinute: 6 } };
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await limiter.admit(request({ ...who, ...limits })));
    expect(answers.map((a) => a.refusal === null)).toEqual([true, true, true, true, true, true, false, false]);
    expect(answers.map((a) => a.requests?.remaining)).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    expect(answers[6].refusal).toMatchObject({ limit: 'requests', scope: 'key', value: 6 });
    expect(answers[6].refusal?.retryAfterMs).toBeGreaterThan(9_000);
    expect(answers[6].refusal?.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(answers[0].local).toBe(false);
  });

  it('checks every limit before counting any, and reports the tighter window', async () => {
    const who = holders();
    const limits = { key: { ...NONE, requestsPerMinute: 100 }, account: { ...NONE, tokensPerMinute: 25 } };
    expect((await limiter.admit(request({ ...who, ...limits }))).refusal).toBeNull();
    expect((await limiter.admit(request({ ...who, ...limits }))).refusal).toBeNull();
    const refused = await limiter.admit(request({ ...who, ...limits }));
    expect(refused.refusal).toMatchObject({ limit: 'tokens', scope: 'account', value: 25 });
    const next = await limiter.admit(request({ ...who, ...limits, tokens: 0 }));
    expect(next.requests?.remaining).toBe(97);
    expect(next.tokens).toMatchObject({ limit: 25, remaining: 5 });
  });

  it('never admits a request larger than the tokens per minute, and says so', async () => {
    const r = request({ ...holders(), key: { ...NONE, tokensPerMinute: 100 }, tokens: 101 });
    expect((await limiter.admit(r)).refusal).toMatchObject({ limit: 'tokens', retryAfterMs: null });
  });

  it('corrects tokens, gives requests back and frees stream slots', async () => {
    const who = holders();
    const limits = { key: { requestsPerMinute: 2, tokensPerMinute: 100, concurrentStreams: 1 } };
    const first = request({ ...who, ...limits, tokens: 80, stream: true });
    expect((await limiter.admit(first)).refusal).toBeNull();
    // The slot is taken and the tokens are counted.
    expect((await limiter.admit(request({ ...who, ...limits, tokens: 0, stream: true }))).refusal?.limit).toBe(
      'streams',
    );
    expect((await limiter.admit(request({ ...who, ...limits, tokens: 30 }))).refusal?.limit).toBe('tokens');
    await limiter.change([{ request: first, requestDelta: -1, tokenDelta: -80, local: false }]);
    const again = await limiter.admit(request({ ...who, ...limits, tokens: 30, stream: true }));
    expect(again.refusal).toBeNull();
    expect(again.requests?.remaining).toBe(1);
    expect(again.tokens?.remaining).toBe(70);
  });

  it('keeps keys apart and counts an account’s keys together', async () => {
    const { accountId } = holders();
    const limits = { key: { ...NONE, requestsPerMinute: 2 }, account: { ...NONE, requestsPerMinute: 3 } };
    const admit = (keyId: string) => limiter.admit(request({ keyId, accountId, ...limits }));
    expect((await admit(`${accountId}-1`)).refusal).toBeNull();
    expect((await admit(`${accountId}-1`)).refusal).toBeNull();
    expect((await admit(`${accountId}-1`)).refusal?.scope).toBe('key');
    expect((await admit(`${accountId}-2`)).refusal).toBeNull();
    expect((await admit(`${accountId}-3`)).refusal?.scope).toBe('account');
  });
});

describe('rate limiter with Redis unreachable', () => {
  it('decides alone on this instance (fail open), counts it and logs one alert', async () => {
    // A port nothing listens on: the client never becomes ready.
    const redis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    const alerts: string[] = [];
    const limiter = new RedisRateLimiter(redis, {
      prefix,
      timeoutMs: 100,
      fallback: new MemoryRateLimiter(Date.now, SLOT_TTL_MS),
      logger: { error: (line: string) => alerts.push(line) },
    });
    try {
      const who = holders();
      const limits = { key: { ...NONE, requestsPerMinute: 2 } };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await limiter.admit(request({ ...who, ...limits })));
      expect(answers.map((a) => [a.local, a.refusal === null])).toEqual([
        [true, true],
        [true, true],
        [true, false],
      ]);
      expect(limiter.failedOpen).toBe(3);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatch(/Redis unreachable .*this instance applies the limits alone/);
    } finally {
      redis.disconnect();
    }
  });
});
