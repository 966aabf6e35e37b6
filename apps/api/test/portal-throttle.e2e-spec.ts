/**
 * Throttling of the portal's routes (GraphQL, sign-in, webhooks, preferences): per signed-in account, else
 * per client network; shared by the instances through Redis (in memory on SQLite); GraphQL answers
 * RATE_LIMITED, HTTP routes 429 with Retry-After; /v1 is left to its own limits.
 */
import request from 'supertest';
import {
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

const THROTTLES = {
  THROTTLE_GRAPHQL_PER_MINUTE: '5',
  THROTTLE_SIGN_IN_PER_MINUTE: '3',
  THROTTLE_WEBHOOKS_PER_MINUTE: '4',
  THROTTLE_PORTAL_PER_MINUTE: '3',
  THROTTLE_REPORTS_PER_HOUR: '2',
};

describe.each(MODES)('portal throttling (%s)', (mode) => {
  let fakes: Fakes;
  let instances: Gateway[];

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const env = { ...fakes.env, ...THROTTLES };
    const first = await startGateway(mode, env);
    instances = [first];
    if (first.databaseUrl)
      instances.push(
        await startGateway(mode, { ...env, DATABASE_URL: first.databaseUrl, REDIS_KEY_PREFIX: first.redisPrefix }),
      );
  });
  afterAll(async () => {
    for (const gw of [...(instances ?? [])].reverse()) await gw.close();
    await fakes?.close();
  });

  const gw = (i = 0): Gateway => instances[i % instances.length];
  const me = '{ me { id } }';

  it('throttles GraphQL per signed-in account across the instances, each account on its own', async () => {
    const alice = await signedInAccount(gw(), { prefix: 'alice' });
    const bob = await signedInAccount(gw(), { prefix: 'bob' });
    const codes: Array<string | null> = [];
    for (let i = 0; i < 6; i++) {
      const res = await graphql(gw(i), alice.token)(me);
      codes.push(res.body.errors?.[0]?.extensions?.code ?? null);
    }
    expect(codes).toEqual([null, null, null, null, null, 'RATE_LIMITED']);
    const limited = await graphql(gw(1), alice.token)(me);
    expect(limited.body.errors[0].message).toMatch(/^Too many requests\. Please try again in \d+ seconds\.$/);
    expect(limited.body.errors[0].extensions.reason).toBe('too_many_requests');
    // Bob, from the same network, has his own allowance.
    const other = await graphql(gw(1), bob.token)(me);
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.me.id).toBe(bob.accountId);
  });

  it('throttles sign-in routes per client network with a 429 and Retry-After', async () => {
    const statuses: number[] = [];
    // Starting a sign-in is public (no session to look up first): what a flood would hit.
    for (let i = 0; i < 4; i++) statuses.push((await request(gw(i).url).get('/auth/github')).status);
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    const res = await request(gw(1).url).get('/auth/google');
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'too_many_requests' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('throttles webhooks, and leaves /v1 to its own limits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await request(gw(i).url).post('/webhooks/paddle').set('content-type', 'application/json').send('{}')).status,
      );
    expect(statuses.slice(0, 4)).not.toContain(429);
    expect(statuses[4]).toBe(429);
    // The portal's throttles do not count /v1 requests.
    const { key } = await fundedKey(gw(), 1_000_000_000, { prefix: 'v1' });
    for (let i = 0; i < 8; i++) {
      const res = await request(gw(i).url)
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${key}`)
        .send({ model: 'deepseek-flash', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).toBe(200);
    }
  });

  it('holds abuse reports to a few an hour per network, apart from other GraphQL operations', async () => {
    const report = `mutation($input: ReportAbuseInput!) { reportAbuse(input: $input) { reference } }`;
    const input = { category: 'spam', description: 'A report long enough to be taken.' };
    const codes: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await graphql(gw(i), null)(report, { input });
      codes.push(res.body.errors?.[0]?.extensions?.code ?? null);
    }
    expect(codes).toEqual([null, null, 'RATE_LIMITED']);
  });
});
