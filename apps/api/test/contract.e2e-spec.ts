/**
 * The API's contract with callers and the privacy policy: bad input changes nothing and reaches
 * no upstream, keys are checked, IPs are truncated, and no prompt or completion text is kept.
 */
import { randomBytes } from 'node:crypto';
import { ApiKeysService } from '@vipcloud/accounts';
import OpenAI from 'openai';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, buildDataSourceOptions } from '@vipcloud/platform';
import { SCHEMA } from '../src/schema';
import {
  count,
  createMysqlDatabase,
  directive,
  dumpDatabase,
  dumpRedis,
  eventually,
  eventuallyRows,
  MODES,
  PROVIDER_CASES,
  readLog,
  useGatewayWithFakes,
} from './kit';

describe.each(MODES)('API contract (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode, {
    BODY_LIMIT: '64kb',
    API_KEY_CACHE_TTL_MS: '200',
    TRUSTED_PROXIES: 'loopback',
  });

  const chat = (): request.Test =>
    request(suite.gw.url).post('/v1/chat/completions').set('authorization', `Bearer ${suite.gw.apiKey}`);
  const ok = { model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] };

  it.each([
    ['malformed JSON', '{"model": "deepseek-flash", "messages": [', 400, 'invalid_json', null],
    ['a JSON array', '[1,2]', 400, 'invalid_json', null],
    ['missing messages', { model: 'deepseek-flash' }, 400, 'missing_required_parameter', 'messages'],
    ['empty messages', { model: 'deepseek-flash', messages: [] }, 400, 'invalid_value', 'messages'],
    ['messages of the wrong type', { model: 'deepseek-flash', messages: 'hello' }, 400, 'invalid_value', 'messages'],
    [
      'an unknown role',
      { model: 'deepseek-flash', messages: [{ role: 'wizard', content: 'x' }] },
      400,
      'invalid_value',
      'messages[0].role',
    ],
    ['a missing model', { messages: [{ role: 'user', content: 'x' }] }, 400, 'missing_required_parameter', 'model'],
    ['temperature as a string', { ...ok, temperature: 'hot' }, 400, 'invalid_value', 'temperature'],
    ['max_tokens of zero', { ...ok, max_tokens: 0 }, 400, 'invalid_value', 'max_tokens'],
    [
      'negative max_completion_tokens',
      { ...ok, max_completion_tokens: -5 },
      400,
      'invalid_value',
      'max_completion_tokens',
    ],
    ['max_tokens over the model’s cap', { ...ok, max_tokens: 10_000_000 }, 400, 'invalid_value', 'max_tokens'],
    ['a fractional max_tokens', { ...ok, max_tokens: 1.5 }, 400, 'invalid_value', 'max_tokens'],
    ['an unknown model', { ...ok, model: 'gpt-nonexistent' }, 404, 'model_not_found', 'model'],
  ])('rejects %s in OpenAI’s error shape, before any upstream call', async (_name, body, status, code, param) => {
    const req = chat().set('content-type', 'application/json');
    const res = await (typeof body === 'string' ? req.send(body) : req.send(body));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param, code } });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect([...suite.fakes.byFlavor.values()].every((f) => f.requests.length === 0)).toBe(true);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await chat().send({ ...ok, messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });
    expect(suite.fakes.byFlavor.get('deepseek')?.requests.length).toBe(0);
  });

  it('answers unknown /v1 paths with a 404 in OpenAI’s shape', async () => {
    const res = await request(suite.gw.url).get('/v1/nothing-here').set('authorization', `Bearer ${suite.gw.apiKey}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'not_found' });
  });

  it('requires a valid key, accepts it as x-api-key too, and stops honouring a revoked key', async () => {
    expect((await request(suite.gw.url).post('/v1/chat/completions').send(ok)).status).toBe(401);
    const bad = await request(suite.gw.url)
      .post('/v1/chat/completions')
      .set('authorization', 'Bearer vc-not-a-real-key')
      .send(ok);
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_api_key');
    expect(
      (await request(suite.gw.url).post('/v1/chat/completions').set('x-api-key', suite.gw.apiKey).send(ok)).status,
    ).toBe(200);

    const keys = suite.gw.app.get(ApiKeysService);
    const { key, secret } = await keys.create(suite.gw.accountId, { name: 'to revoke' });
    expect(key.keyHash).toHaveLength(64);
    expect(secret.startsWith('vc-')).toBe(true);
    const stored: Array<Record<string, unknown>> = await suite.gw.dataSource.query(
      'SELECT * FROM api_keys WHERE id = ?',
      [key.id],
    );
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await request(suite.gw.url).get('/v1/models').set('authorization', `Bearer ${secret}`)).status).toBe(200);
    await keys.revoke(key.prefix);
    await eventually(
      async () =>
        (await request(suite.gw.url).get('/v1/models').set('authorization', `Bearer ${secret}`)).status === 401,
      6000,
    );
  });

  it('truncates IPs, believing X-Forwarded-For only from trusted proxies', async () => {
    const v4 = await chat().set('x-forwarded-for', '203.0.113.77').send(ok);
    const v6 = await chat().set('x-forwarded-for', '2001:db8:abcd:12:1:2:3:4').send(ok);
    const ids = [v4.headers['x-request-id'], v6.headers['x-request-id']];
    const rows = await eventuallyRows<{ id: string; client_ip: string }>(
      suite.gw,
      'SELECT id, client_ip FROM request_logs WHERE id IN (?, ?)',
      ids,
      (r) => r.length === 2,
    );
    const byId = new Map(rows.map((r) => [r.id, r.client_ip]));
    expect(byId.get(v4.headers['x-request-id'])).toBe('203.0.113.0/24');
    expect(byId.get(v6.headers['x-request-id'])).toBe('2001:db8:abcd::/48');
  });

  it('serves /healthz and /readyz', async () => {
    expect((await request(suite.gw.url).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(suite.gw.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ database: 'ok', redis: mode === 'sqlite' ? 'not configured' : 'ok' });
  });

  it('keeps no prompt or completion text in any table, log line or job payload', async () => {
    const marker = `PROMPTMARK${randomBytes(8).toString('hex')}`;
    const replyMarker = `REPLYMARK${randomBytes(8).toString('hex')}`;
    const client = new OpenAI({ apiKey: suite.gw.apiKey, baseURL: `${suite.gw.url}/v1`, maxRetries: 0 });
    for (const { model } of PROVIDER_CASES) {
      const text = `Secret ${marker} ${directive('reply', `Answer ${replyMarker}`)} ${directive('think', `Thinking ${replyMarker}`)}`;
      const res = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: marker },
          { role: 'user', content: text },
        ],
      });
      expect(res.choices[0].message.content).toContain(replyMarker);
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: text }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let streamed = '';
      for await (const c of stream) streamed += c.choices[0]?.delta.content ?? '';
      expect(streamed).toContain(replyMarker);
      // Failures and refusals are logged and recorded too: they must not carry the text either.
      await client.chat.completions
        .create({ model, messages: [{ role: 'user', content: `${marker} ${directive('error', 'refusal')}` }] })
        .catch(() => undefined);
      await client.chat.completions
        .create({ model, messages: [{ role: 'user', content: `${marker} ${directive('error', 'bad_request')}` }] })
        .catch(() => undefined);
      await client.chat.completions
        .create({
          model,
          messages: [{ role: 'user', content: `${marker} ${directive('error', 'refusal_output')}` }],
          stream: true,
        })
        .then(async (s) => {
          for await (const _ of s) void _;
        });
    }
    await chat().send({ model: 'deepseek-flash', messages: [{ role: 'user', content: 7 }], note: marker });
    await chat().set('content-type', 'application/json').send(`{"model":"${marker}`);
    // The upstreams did receive it: the scan below would otherwise prove nothing.
    expect(JSON.stringify(suite.fakes.byFlavor.get('deepseek')?.requests.map((r) => r.body))).toContain(marker);
    // Upstreams get the prompt and our own credentials, never the caller's key, account or email.
    const account: Array<{ email: string }> = await suite.gw.dataSource.query(
      'SELECT email FROM accounts WHERE id = ?',
      [suite.gw.accountId],
    );
    const upstreamTraffic = JSON.stringify([...suite.fakes.byFlavor.values()].flatMap((f) => f.requests));
    expect(upstreamTraffic).not.toContain(suite.gw.apiKey);
    expect(upstreamTraffic).not.toContain(suite.gw.accountId);
    expect(upstreamTraffic).not.toContain(account[0].email);
    await eventually(async () => {
      await suite.gw.settle();
      return (await count(suite.gw.dataSource, 'SELECT COUNT(*) AS n FROM abuse_signals')) >= PROVIDER_CASES.length * 2;
    });

    const everything = [
      await dumpDatabase(suite.gw.dataSource),
      readLog(suite.gw),
      JSON.stringify(suite.gw.jobs),
      mode === 'sqlite' ? '' : await dumpRedis(suite.gw.redisPrefix),
    ].join('\n');
    expect(readLog(suite.gw).length).toBeGreaterThan(0);
    expect(suite.gw.jobs.length).toBeGreaterThan(0);
    expect(everything).not.toContain(marker);
    expect(everything).not.toContain(replyMarker);
    expect(everything).not.toContain(suite.gw.apiKey);
  });
});

describe('MySQL migrations', () => {
  it('produce exactly the schema the entities describe', async () => {
    const db = await createMysqlDatabase();
    const ds = new DataSource(buildDataSourceOptions(new AppConfig({ DATABASE_URL: db.url }), SCHEMA));
    try {
      await ds.initialize();
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // Every migration can be undone, back to an empty database.
      for (let i = 0; i < (SCHEMA.migrations as unknown[]).length; i++) await ds.undoLastMigration();
      const tables: unknown[] = await ds.query(
        'SHOW TABLES WHERE Tables_in_' + db.url.split('/').pop() + " <> 'migrations'",
      );
      expect(tables).toEqual([]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});

describe.each(MODES)('API key limits (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode, { API_KEY_CACHE_TTL_MS: '60000' });
  const ok = { model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] };

  it('refuses a model outside the key’s allow-list with 403, and lists only allowed models', async () => {
    const { secret } = await suite.gw.app
      .get(ApiKeysService)
      .create(suite.gw.accountId, { name: 'flash only', allowedModels: ['deepseek-flash'] });
    const auth = { authorization: `Bearer ${secret}` };
    expect((await request(suite.gw.url).post('/v1/chat/completions').set(auth).send(ok)).status).toBe(200);
    const denied = await request(suite.gw.url)
      .post('/v1/chat/completions')
      .set(auth)
      .send({ ...ok, model: 'kimi-k3' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
    const models = await request(suite.gw.url).get('/v1/models').set(auth);
    expect(models.body.data.map((m: { id: string }) => m.id)).toEqual(['deepseek-flash']);
    expect((await request(suite.gw.url).get('/v1/models/kimi-k3').set(auth)).status).toBe(404);
    expect(suite.fakes.byFlavor.get('moonshot')?.requests.length).toBe(0);
  });

  it('stops honouring a key the moment it expires, even while its lookup is cached', async () => {
    const expiresAt = new Date(Date.now() + 1500);
    const { secret } = await suite.gw.app.get(ApiKeysService).create(suite.gw.accountId, { name: 'short', expiresAt });
    const auth = { authorization: `Bearer ${secret}` };
    expect((await request(suite.gw.url).post('/v1/chat/completions').set(auth).send(ok)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt.getTime() - Date.now() + 50)));
    const expired = await request(suite.gw.url).post('/v1/chat/completions').set(auth).send(ok);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('api_key_expired');
  });

  it('refuses an expiry in the past and an empty allow-list', async () => {
    const keys = suite.gw.app.get(ApiKeysService);
    await expect(keys.create(suite.gw.accountId, { expiresAt: new Date(Date.now() - 1000) })).rejects.toThrow(/future/);
    await expect(keys.create(suite.gw.accountId, { allowedModels: [] })).rejects.toThrow(/at least one model/);
  });
});
