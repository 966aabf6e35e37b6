/**
 * Redis unreachable (cut by a TCP proxy in front of it): `/v1` keeps answering with each instance's
 * own route cool-downs, nothing unhandled reaches stderr, `/readyz` says so; restored, all is as before.
 * Only the MariaDB + Redis mode has a Redis to lose.
 */
import OpenAI from 'openai';
import request from 'supertest';
import {
  directive,
  eventually,
  Fakes,
  Gateway,
  readLog,
  redisUrl,
  startFakes,
  startGateway,
  startTcpProxy,
  TcpProxy,
  testCatalogPath,
  DUAL_ROUTE_MODEL,
  FAILOVER_PROVIDERS,
} from './kit';

function user(content: string): OpenAI.ChatCompletionMessageParam[] {
  return [{ role: 'user', content }];
}

interface RoutesSection {
  source: 'shared' | 'local';
  coolingDown: Array<{ route: string; key: string; provider: string; kind: string; until: string | null }>;
  counters: { cooldownsStarted: Record<string, number>; coolingDownRoutes: number; sharedStoreFailOpen: number };
}

describe('Redis outage (mysql+redis)', () => {
  let proxy: TcpProxy;
  let fakes: Fakes;
  let gw: Gateway;
  let client: OpenAI;
  const stderr: string[] = [];
  const spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    const redis = new URL(redisUrl());
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    // DeepSeek's key is refused: its routes cool down for credential reasons once tried.
    fakes = await startFakes(FAILOVER_PROVIDERS, { DEEPSEEK: 'sk-revoked' });
    const catalog = testCatalogPath([DUAL_ROUTE_MODEL]);
    gw = await startGateway('mysql+redis', {
      ...fakes.env,
      MODEL_CATALOG_PATH: catalog,
      REDIS_URL: proxy.via(redisUrl()),
      // Every request reads the shared cool-downs: the outage is felt on each one.
      ROUTE_STATE_CACHE_MS: '0',
    });
    client = new OpenAI({ apiKey: gw.apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const capture = (chunk: unknown) => {
      stderr.push(String(chunk));
      return true;
    };
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(capture));
    spies.push(jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => capture(args.join(' '))));
  });

  afterAll(async () => {
    spies.forEach((s) => s.mockRestore());
    proxy?.restore();
    await gw?.close();
    await fakes?.close();
    await proxy?.close();
  });

  async function ask(model: string, stream = false): Promise<string> {
    if (!stream) {
      const res = await client.chat.completions.create({ model, messages: user(`hi ${directive('reply', 'ok')}`) });
      return res.choices[0].message.content ?? '';
    }
    const chunks = await client.chat.completions.create({
      model,
      messages: user(`hi ${directive('reply', 'ok')}`),
      stream: true,
    });
    let content = '';
    for await (const c of chunks) content += c.choices[0]?.delta.content ?? '';
    return content;
  }

  const ready = () => request(gw.url).get('/readyz');

  it('serves, degrades and recovers across a Redis outage', async () => {
    expect(await ask('local-model')).toBe('ok');
    expect((await ready()).body).toMatchObject({ status: 'ok', redis: 'ok', database: 'ok' });

    proxy.cut();
    // Requests right after the cut (before the client has noticed) and during the outage are answered.
    for (let i = 0; i < 10; i++) expect(await ask('local-model', i % 2 === 1)).toBe('ok');
    const down = await eventually(async () => {
      const res = await ready();
      return res.body.redis === 'unreachable' && res;
    });
    // Still serving: ready, but degraded (the database decides readiness).
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'ok', redis: 'unreachable' });
    expect((down.body.routes as RoutesSection).source).toBe('local');

    // A cool-down started during the outage is kept and applied by this instance.
    const deepseek = fakes.byFlavor.get('deepseek');
    const before = deepseek?.requests.length ?? 0;
    expect(await ask('dual')).toBe('ok');
    expect(deepseek?.requests.length).toBe(before + 1);
    expect(await ask('dual')).toBe('ok');
    expect(deepseek?.requests.length).toBe(before + 1);
    const cooled = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: user('hi') })
      .catch((e: unknown) => e);
    expect((cooled as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(deepseek?.requests.length).toBe(before + 1);

    // Operators see which routes our credentials failed on, and the counters.
    const routes = (await ready()).body.routes as RoutesSection;
    expect(routes.coolingDown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route: 'deepseek#0:deepseek-flash', key: 'deepseek#0', kind: 'auth' }),
      ]),
    );
    expect(routes.coolingDown.every((c) => c.kind === 'auth' && c.until !== null)).toBe(true);
    expect(routes.counters.cooldownsStarted).toEqual({ auth: 1 });
    expect(routes.counters.sharedStoreFailOpen).toBeGreaterThan(0);
    // The rate limits failed open too: this instance admitted alone, and says how often.
    const limits = (await ready()).body.rateLimits as { shared: boolean; failOpenAdmissions: number };
    expect(limits.shared).toBe(true);
    expect(limits.failOpenAdmissions).toBeGreaterThan(0);

    proxy.restore();
    const back = await eventually(async () => {
      const res = await ready();
      return res.body.redis === 'ok' && res;
    }, 15_000);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'ok', database: 'ok' });
    expect((back.body.routes as RoutesSection).source).toBe('shared');
    // This instance's own cool-down outlives the outage.
    expect((back.body.routes as RoutesSection).coolingDown.length).toBeGreaterThan(0);
    for (const stream of [false, true]) expect(await ask('local-model', stream)).toBe('ok');
    expect(await ask('dual')).toBe('ok');
    expect(deepseek?.requests.length).toBe(before + 1);

    // Alerts: one line per connection state change and one fail-open alert per interval, not per request.
    const log = readLog(gw);
    expect(log.match(/Redis unreachable/g)?.length).toBeGreaterThanOrEqual(1);
    expect(log).toMatch(/Redis reachable again/);
    expect(log.match(/shared store unreachable/g)).toHaveLength(1);
    expect(log.match(/rate limits: Redis unreachable/g)).toHaveLength(1);
    expect(stderr.join('')).not.toMatch(/Unhandled error event|ECONNRESET|ECONNREFUSED|Error/);
  }, 60_000);

  it('shuts down while Redis is unreachable (API and worker)', async () => {
    const redis = new URL(redisUrl());
    const cutProxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const other = await startGateway('mysql+redis', { REDIS_URL: cutProxy.via(redisUrl()) });
    try {
      cutProxy.cut();
      await eventually(async () => (await request(other.url).get('/readyz')).body.redis === 'unreachable');
      // A graceful close would wait for a reconnect that never comes.
      await other.close();
    } finally {
      await cutProxy.close();
    }
  }, 30_000);
});
