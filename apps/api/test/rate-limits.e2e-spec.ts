/**
 * The /v1 rate limits: per key and per account, requests and tokens per minute and concurrent streams,
 * exact across three instances sharing Redis (in memory on SQLite); OpenAI's 429 with Retry-After and the
 * x-ratelimit headers, which the official SDK honours; never confused with the 402 of credits; support's
 * per-account values through GraphQL, refused to everyone else.
 */
import OpenAI from 'openai';
import request from 'supertest';
import {
  createKey,
  directive,
  eventually,
  eventuallyRows,
  Fakes,
  fundedKey,
  Gateway,
  graphql,
  MODES,
  PROVIDER_CASES,
  signedInAccount,
  startFakes,
  startGateway,
} from './kit';

/** Small limits, so a test reaches them in a few requests; each test uses accounts of its own. */
const LIMITS = {
  RATE_LIMIT_KEY_RPM: '7',
  RATE_LIMIT_ACCOUNT_RPM: '0',
  RATE_LIMIT_KEY_TPM: '0',
  // Four requests asking for 5,000 output tokens fit, a fifth does not (see the tokens test).
  RATE_LIMIT_ACCOUNT_TPM: '23000',
  RATE_LIMIT_KEY_CONCURRENT_STREAMS: '1',
  RATE_LIMIT_ACCOUNT_CONCURRENT_STREAMS: '0',
  RATE_LIMIT_POLICY_REFRESH_MS: '200',
  API_KEY_MISSES_PER_MINUTE: '60',
  // The shared path is what these tests count: on a loaded machine an admission may wait for Redis longer
  // than the default 250 ms and be decided by its instance alone (fail open, tested in rate-limiter.int).
  RATE_LIMIT_REDIS_TIMEOUT_MS: '5000',
};

const user = (content: string) => [{ role: 'user' as const, content }];
/** A small output cap: without one a request counts the model's default cap (32,768) against the tokens. */
const SMALL = { model: 'deepseek-flash', max_tokens: 16 };

describe.each(MODES)('rate limits on /v1 (%s)', (mode) => {
  let fakes: Fakes;
  /** Three instances sharing MariaDB and Redis; on SQLite the one embedded process. */
  let instances: Gateway[];

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const env = { ...fakes.env, ...LIMITS };
    const first = await startGateway(mode, env);
    instances = [first];
    if (first.databaseUrl) {
      // The same database and the same Redis prefix: one deployment of three instances.
      const shared = { ...env, DATABASE_URL: first.databaseUrl, REDIS_KEY_PREFIX: first.redisPrefix };
      instances.push(await startGateway(mode, shared), await startGateway(mode, shared));
    }
  });
  afterAll(async () => {
    for (const gw of [...(instances ?? [])].reverse()) await gw.close();
    await fakes?.close();
  });

  const gw = (i = 0): Gateway => instances[i % instances.length];
  const send = (i: number, key: string, body: object) =>
    request(gw(i).url).post('/v1/chat/completions').set('authorization', `Bearer ${key}`).send(body);

  it('admits exactly the per-key requests per minute in total, whichever instances the requests reach', async () => {
    const { accountId, key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'rpm' });
    // 21 at once, round-robin: a limiter per instance would admit up to 7 on each.
    const answers = await Promise.all(
      Array.from({ length: 21 }, (_, i) => send(i, key, { ...SMALL, messages: user(`hi ${i}`) })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(14);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'requests_per_minute' });
    expect(refused?.body.error.message).toMatch(
      /^Rate limit reached for requests per minute \(RPM\) on this API key: limit 7\./,
    );
    // The next request passes 60/7 s after the last admitted one, give or take the test's own time.
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(9);
    expect(refused?.headers['x-ratelimit-limit-requests']).toBe('7');
    expect(refused?.headers['x-ratelimit-remaining-requests']).toBe('0');
    // The trigger is an abuse signal (metadata only), once per key and limit however many were refused.
    for (const instance of instances) await instance.settle();
    const signals = await eventuallyRows<{ kind: string; detail: string; provider: string | null }>(
      gw(),
      'SELECT kind, detail, provider FROM abuse_signals WHERE account_id = ?',
      [accountId],
    );
    expect(signals.length).toBeLessThanOrEqual(instances.length);
    expect(signals[0]).toEqual({ kind: 'rate_limit', detail: 'key:requests_per_minute', provider: null });
  });

  it('admits exactly the account’s tokens per minute in total, counting max_tokens until the answers end', async () => {
    const { accountId, key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'tpm' });
    // Three keys, four requests each: under every key's 7 requests per minute, so only the account's
    // 23,000 tokens per minute can refuse. Each asks for 5,000 output tokens (plus a prompt of a few
    // dozen): four fit, the fifth does not. The upstream answers after 2 s, so no answer comes back
    // (and gives back its unused tokens) before every request has been admitted or refused.
    const keys = [key, await createKey(gw(), accountId), await createKey(gw(), accountId)];
    const body = (i: number) => ({
      model: 'deepseek-flash',
      max_tokens: 5000,
      messages: user(`tokens ${i} ${directive('delay_ms', 2000)}`),
    });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i, keys[i % 3], body(i))));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(8);
    expect(refused[0].body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'tokens_per_minute' });
    expect(refused[0].body.error.message).toContain('on this account: limit 23000');
    expect(refused[0].headers['x-ratelimit-limit-tokens']).toBe('23000');

    // The answers used a few dozen tokens each, not 5,000: corrected at settlement, the minute has room again.
    await eventually(async () => {
      const again = await send(0, keys[1], { model: 'deepseek-flash', max_tokens: 5000, messages: user('after') });
      return again.status === 200 ? again : null;
    });
  });

  it('limits concurrent streams per key, freeing the slot when the stream ends', async () => {
    const { key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'streams' });
    const slow = send(0, key, {
      ...SMALL,
      stream: true,
      messages: user(`${directive('chunks', 4)} ${directive('delay_ms', 400)} slow`),
    }).then((res) => res); // supertest sends on then()
    // The slow stream is admitted first (its slot is taken at admission, before the upstream answers).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await send(1, key, { ...SMALL, stream: true, messages: user('second') });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'concurrent_streams' });
    expect(second.headers['retry-after']).toBe('1');
    // A request that does not stream needs no slot.
    expect((await send(2, key, { ...SMALL, messages: user('whole') })).status).toBe(200);
    expect((await slow).status).toBe(200);
    await eventually(async () => {
      const after = await send(1, key, { ...SMALL, stream: true, messages: user('after') });
      return after.status === 200 ? after : null;
    });
  });

  it('sends the x-ratelimit trio on every answer, streamed or not', async () => {
    const { key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'headers' });
    const whole = await send(0, key, { ...SMALL, max_tokens: 100, messages: user('hi') });
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({
      'x-ratelimit-limit-requests': '7',
      'x-ratelimit-remaining-requests': '6',
      'x-ratelimit-limit-tokens': '23000',
    });
    expect(whole.headers['x-ratelimit-reset-requests']).toMatch(/^\d+(\.\d+)?s$/);
    expect(Number(whole.headers['x-ratelimit-remaining-tokens'])).toBeLessThan(23000 - 100);
    const stream = await send(1, key, { ...SMALL, stream: true, messages: user('hi') });
    expect(stream.status).toBe(200);
    expect(stream.headers['x-ratelimit-remaining-requests']).toBe('5');
    expect(stream.headers['x-ratelimit-reset-tokens']).toBeDefined();
  });

  it('answers 402 for credits, never 429, and a request refused for credits uses none of the minute', async () => {
    const { key } = await fundedKey(gw(), 0, { prefix: 'broke' });
    // Ten refusals for credits with a limit of 7 requests per minute: each is given back.
    for (let i = 0; i < 10; i++) {
      const res = await send(i, key, { ...SMALL, messages: user('hi') });
      expect(res.status).toBe(402);
      expect(res.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.headers['x-ratelimit-limit-requests']).toBe('7');
    }
  });

  it('lets the official openai SDK wait for Retry-After on a 429, then succeed', async () => {
    const { key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'sdk' });
    const attempts: Array<{ at: number; status: number; retryAfter: string | null }> = [];
    const client = new OpenAI({
      apiKey: key,
      baseURL: `${gw(1).url}/v1`,
      maxRetries: 2,
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        attempts.push({ at: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after') });
        return res;
      },
    });
    // The key's one stream slot is taken for about a second by another stream.
    const holder = send(0, key, {
      ...SMALL,
      stream: true,
      messages: user(`${directive('chunks', 3)} ${directive('delay_ms', 300)} hold`),
    }).then((res) => res); // supertest sends on then()
    await new Promise((resolve) => setTimeout(resolve, 250));
    const stream = await client.chat.completions.create({ ...SMALL, stream: true, messages: user('hi') });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect((await holder).status).toBe(200);
    expect(attempts[0]).toMatchObject({ status: 429, retryAfter: '1' });
    expect(attempts.at(-1)?.status).toBe(200);
    // The SDK waited the second it was told to before its retry.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
  });

  it('lets support set an account’s limits (effective on every instance), and refuses everyone else', async () => {
    const { accountId, key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'override' });
    const support = await signedInAccount(gw(), { role: 'support' });
    const owner = await signedInAccount(gw());
    const set = `mutation($input: SetAccountRateLimitsInput!) {
      setAccountRateLimits(input: $input) { perKey { requestsPerMinute concurrentStreams } perAccount { requestsPerMinute } override { keyRequestsPerMinute } }
    }`;
    const input = { accountId, keyRequestsPerMinute: 2, accountRequestsPerMinute: 100 };

    const denied = await graphql(gw(), owner.token)(set, { input });
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const invalid = await graphql(gw(), support.token)(set, { input: { accountId, keyRequestsPerMinute: -1 } });
    expect(invalid.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const res = await graphql(gw(), support.token)(set, { input });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.setAccountRateLimits).toEqual({
      perKey: { requestsPerMinute: 2, concurrentStreams: 1 },
      perAccount: { requestsPerMinute: 100 },
      override: { keyRequestsPerMinute: 2 },
    });
    // Every instance applies it within its refresh (200 ms here): the third request of the key is refused.
    await eventually(async () => {
      const statuses = [];
      for (let i = 0; i < instances.length; i++) {
        const probe = await send(i, key, { ...SMALL, messages: user('probe') });
        statuses.push(probe.headers['x-ratelimit-limit-requests']);
      }
      return statuses.every((s) => s === '2') ? statuses : null;
    });

    // The owner sees the limits that apply, and cannot read another account's.
    const mine = await graphql(
      gw(),
      owner.token,
    )('{ rateLimits { perKey { requestsPerMinute } override { keyRequestsPerMinute } } }');
    expect(mine.body.data.rateLimits).toEqual({ perKey: { requestsPerMinute: 7 }, override: null });
    const theirs = await graphql(gw(), owner.token)(
      'query($id: ID!) { accountRateLimits(accountId: $id) { perKey { requestsPerMinute } } }',
      { id: accountId },
    );
    expect(theirs.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('stops 1,000 random keys from one network with the spray bound, while a valid key still answers', async () => {
    const { key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'spray' });
    expect((await send(0, key, { ...SMALL, messages: user('before') })).status).toBe(200);
    const started = Date.now();
    const statuses: number[] = [];
    // From loopback (one network), in waves of 50 at once.
    for (let wave = 0; wave < 20; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          send(0, `vc-random${wave}x${i}${Math.random().toString(36).slice(2)}`, { ...SMALL, messages: user('x') }),
        ),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const lookedUp = statuses.filter((st) => st === 401).length;
    // 60 a minute per network and instance, plus one a second that passes meanwhile; the others never
    // reached the database.
    expect(lookedUp).toBeGreaterThanOrEqual(60);
    expect(lookedUp).toBeLessThanOrEqual(60 + seconds + 1);
    expect(statuses.filter((st) => st === 429)).toHaveLength(1000 - lookedUp);
    const refused = await send(0, 'vc-one-more', { ...SMALL, messages: user('x') });
    expect(refused.body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'too_many_invalid_keys' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The valid key answers from the cache, spray or not.
    expect((await send(0, key, { ...SMALL, messages: user('after') })).status).toBe(200);
  });
});
