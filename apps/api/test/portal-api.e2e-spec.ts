/**
 * What the portal's pages read beyond billing and keys: recent requests (the owner's alone, metadata
 * only), the display name and linked sign-in methods, and how checkout opens (or that it cannot).
 */
import { randomUUID } from 'node:crypto';
import { ApiKeysService } from '@vipcloud/accounts';
import { FakePaddle, startFakePaddle } from '@vipcloud/fake-paddle';
import { RequestLogRepository } from '@vipcloud/gateway';
import OpenAI from 'openai';
import {
  createKey,
  eventually,
  Fakes,
  fundAccount,
  Gateway,
  graphql,
  GraphqlClient,
  MODES,
  PROVIDER_CASES,
  requestLogRow,
  signedInAccount,
  startFakes,
  startGateway,
} from './kit';

const RECENT = `query($first: Int!) {
  recentRequests(first: $first) {
    id createdAt model apiKeyId apiKeyName inputTokens cachedTokens outputTokens cost status errorCode latencyMs stream
  }
}`;
const RECORD_FIELDS = [
  'id',
  'createdAt',
  'model',
  'apiKeyId',
  'apiKeyName',
  'inputTokens',
  'cachedTokens',
  'outputTokens',
  'cost',
  'status',
  'errorCode',
  'latencyMs',
  'stream',
].sort();
const PROMPT = 'the secret recipe is 42 parts basil';

describe.each(MODES)('the portal API (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  let gql: GraphqlClient;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    gw = await startGateway(mode, fakes.env);
    gql = graphql(gw);
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  it("lists the owner's requests newest first with their key's name, revoked keys included, and never another account's", async () => {
    const owner = await signedInAccount(gw);
    const keys = gw.app.get(ApiKeysService);
    const main = await createKey(gw, owner.accountId, { name: 'main' });
    const ci = await createKey(gw, owner.accountId, { name: 'ci' });
    const stranger = await signedInAccount(gw);
    const strangerKey = await createKey(gw, stranger.accountId, { name: 'stranger-key' });
    await fundAccount(gw, owner.accountId, 10_000_000);
    await fundAccount(gw, stranger.accountId, 10_000_000);
    const call = (apiKey: string) =>
      new OpenAI({ apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 }).chat.completions.create({
        model: 'deepseek-flash',
        max_tokens: 20,
        messages: [{ role: 'user', content: PROMPT }],
      });
    await call(main);
    await call(strangerKey);
    await call(ci);
    await gw.settle();
    const ownerGql = gql.as(owner.token);
    const rows = await eventually(async () => {
      const list = (await ownerGql(RECENT, { first: 10 })).body.data?.recentRequests;
      return list?.length === 2 ? list : null;
    });
    // Revoked since: its name still shows.
    const ciId = (await keys.list(owner.accountId)).find((k) => k.name === 'ci')?.id as string;
    await keys.revokeOwn(owner.accountId, ciId);
    const after = (await ownerGql(RECENT, { first: 10 })).body.data.recentRequests;
    expect(after).toEqual(rows);
    expect(rows.map((r: any) => r.apiKeyName).sort()).toEqual(['ci', 'main']);
    expect(rows.find((r: any) => r.apiKeyName === 'ci').apiKeyId).toBe(ciId);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(RECORD_FIELDS);
      expect(r).toMatchObject({ model: 'deepseek-flash', status: 200, errorCode: null, stream: false });
      expect(r.cost).toMatch(/^\d+\.\d{6}$/);
      expect(r.inputTokens).toBeGreaterThan(0);
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Date(rows[0].createdAt) >= new Date(rows[1].createdAt)).toBe(true);
    // Metadata only: nothing of the prompt, the client's address or the route.
    const raw = JSON.stringify((await ownerGql(RECENT, { first: 10 })).body);
    expect(raw).not.toContain('basil');
    expect(raw).not.toContain('stranger-key');
    for (const field of ['clientIp', 'route', 'prompt'])
      expect((await ownerGql(`{ recentRequests { ${field} } }`)).body.errors[0].extensions.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
    // The other account sees its own request alone.
    const theirs = (await gql.as(stranger.token)(RECENT, { first: 50 })).body.data.recentRequests;
    expect(theirs.map((r: any) => r.apiKeyName)).toEqual(['stranger-key']);
    expect(theirs[0].id).not.toBe(rows[0].id);
    expect(rows.map((r: any) => r.id)).not.toContain(theirs[0].id);
  });

  it('returns at most 50, newest first, 10 by default, at least 1', async () => {
    const owner = await signedInAccount(gw);
    const keyId = (await gw.app.get(ApiKeysService).create(owner.accountId, { name: 'bulk' })).key.id;
    // 60 rows, one per second back from now; the oldest cost the most, to tell them apart.
    await gw.app
      .get(RequestLogRepository)
      .insertMany(Array.from({ length: 60 }, (_, i) => requestLogRow(owner.accountId, keyId, i, 1_000 + i)));
    const ownerGql = gql.as(owner.token);
    const all = (await ownerGql(RECENT, { first: 500 })).body.data.recentRequests;
    expect(all).toHaveLength(50);
    expect(all[0].cost).toBe('0.001000');
    expect(all[49].cost).toBe('0.001049');
    const times = all.map((r: any) => new Date(r.createdAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all[0]).toMatchObject({ apiKeyName: 'bulk', inputTokens: 10, cachedTokens: 2, outputTokens: 5 });
    expect((await ownerGql('{ recentRequests { id } }')).body.data.recentRequests).toHaveLength(10);
    expect((await ownerGql(RECENT, { first: 0 })).body.data.recentRequests).toHaveLength(1);
    expect((await ownerGql(RECENT, { first: -5 })).body.data.recentRequests).toHaveLength(1);
  });

  it('refuses recent requests, names and checkout settings to signed-out callers', async () => {
    for (const query of [
      '{ recentRequests { id } }',
      '{ checkoutSettings { scriptUrl } }',
      'mutation { setDisplayName(name: "x") { id } }',
    ])
      expect((await gql.as(null)(query)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('sets the display name trimmed, clears it when blank, and refuses one too long', async () => {
    const owner = await signedInAccount(gw);
    const me = gql.as(owner.token);
    const SET = 'mutation($n: String) { setDisplayName(name: $n) { id displayName } }';
    expect((await me('{ me { displayName } }')).body.data.me.displayName).toBeNull();
    const set = await me(SET, { n: '  Ada Lovelace  ' });
    expect(set.body.data.setDisplayName).toEqual({ id: owner.accountId, displayName: 'Ada Lovelace' });
    expect((await me('{ me { displayName } }')).body.data.me.displayName).toBe('Ada Lovelace');
    // 100 characters, counted as characters (not bytes or UTF-16 units).
    const chinese = '云'.repeat(99) + '😀';
    expect((await me(SET, { n: chinese })).body.data.setDisplayName.displayName).toBe(chinese);
    for (const bad of ['x'.repeat(101), 'two\nlines']) {
      const refused = await me(SET, { n: bad });
      expect(refused.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'invalid_value' });
    }
    expect((await me('{ me { displayName } }')).body.data.me.displayName).toBe(chinese);
    expect((await me(SET, { n: '   ' })).body.data.setDisplayName.displayName).toBeNull();
    await me(SET, { n: 'Again' });
    expect((await me(SET, { n: null })).body.data.setDisplayName.displayName).toBeNull();
    expect((await me('mutation { setDisplayName { displayName } }')).body.data.setDisplayName.displayName).toBeNull();
    // Only the caller's own account changes.
    const other = await signedInAccount(gw);
    await gql.as(other.token)(SET, { n: 'Someone else' });
    expect((await me('{ me { displayName } }')).body.data.me.displayName).toBeNull();
  });

  it('lists the linked sign-in methods, github before google', async () => {
    const owner = await signedInAccount(gw);
    const me = gql.as(owner.token);
    expect((await me('{ me { signInMethods } }')).body.data.me.signInMethods).toEqual([]);
    // Linked Google first: the order is fixed, not the order of linking.
    for (const provider of ['google', 'github'])
      await gw.dataSource.query(
        'INSERT INTO oauth_identities (id, account_id, provider, subject, created_at) VALUES (?, ?, ?, ?, ?)',
        [
          randomUUID(),
          owner.accountId,
          provider,
          `${provider}-${owner.accountId}`,
          // A DATETIME literal both databases take.
          new Date().toISOString().slice(0, 19).replace('T', ' '),
        ],
      );
    expect((await me('{ me { signInMethods } }')).body.data.me.signInMethods).toEqual(['github', 'google']);
    const other = await signedInAccount(gw);
    expect((await gql.as(other.token)('{ me { signInMethods } }')).body.data.me.signInMethods).toEqual([]);
  });

  it('offers no checkout without Paddle configured', async () => {
    const owner = await signedInAccount(gw);
    const res = await gql.as(owner.token)('{ checkoutSettings { processor scriptUrl clientToken environment } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.checkoutSettings).toBeNull();
  });
});

describe.each(MODES)('checkout settings with Paddle configured (%s)', (mode) => {
  let paddle: FakePaddle;
  let gw: Gateway;

  beforeAll(async () => {
    paddle = await startFakePaddle();
    gw = await startGateway(mode, {
      PADDLE_API_KEY: paddle.apiKey,
      PADDLE_API_URL: paddle.url,
      PADDLE_CLIENT_TOKEN: 'test_0123456789abcdef',
      PADDLE_JS_URL: 'http://127.0.0.1:4010/paddle/v2/paddle.js',
    });
  });
  afterAll(async () => {
    await gw?.close();
    await paddle?.close();
  });

  it('tells the portal how to open the checkout: the script, the public token and the environment', async () => {
    const owner = await signedInAccount(gw);
    const res = await graphql(gw, owner.token)('{ checkoutSettings { processor scriptUrl clientToken environment } }');
    expect(res.body.data.checkoutSettings).toEqual({
      processor: 'paddle',
      scriptUrl: 'http://127.0.0.1:4010/paddle/v2/paddle.js',
      clientToken: 'test_0123456789abcdef',
      environment: 'sandbox',
    });
    // Never the API key.
    expect(JSON.stringify(res.body)).not.toContain(paddle.apiKey);
  });
});
