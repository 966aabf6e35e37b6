/**
 * Graceful shutdown of a real API process on a real SIGTERM: streams open at the signal run to their
 * [DONE], new connections are refused, a request that arrives on an open connection is still answered
 * (with `Connection: close`), and the process exits 0 with every request's metadata row and settlement
 * written; streams still open at the deadline end with an error event and are billed for what was sent — on SQLite and on
 * MariaDB + Redis.
 */
import { Client } from 'undici';
import {
  AccountMoney,
  accountMoney,
  AppProcess,
  AppStack,
  connectionsRefused,
  directive,
  disposeAll,
  Fakes,
  fundedKey,
  METERED,
  MODES,
  PROVIDER_CASES,
  redisUrl,
  RequestRow,
  requestRows,
  spawnAppProcess,
  startAppContext,
  startFakes,
  testCatalogPath,
} from './kit';

const REPLY = 'A stream open when the signal came still runs to its end, chunk by chunk.';

interface StreamEnd {
  content: string;
  done: boolean;
  /** The code of an error event the stream ended with, if it did. */
  errorEvent: string | null;
  /** What ended it when it did not end normally (the connection closed under it). */
  error: string | null;
}

interface OpenStream {
  requestId: string;
  /** Resolves once the first content chunk has arrived: the request is in flight. */
  first: Promise<void>;
  end: Promise<StreamEnd>;
}

/** Sends a streamed chat request on the client's connection and reads its events as they come. */
async function openStream(client: Client, key: string, prompt: string): Promise<OpenStream> {
  const res = await client.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'metered',
      stream: true,
      max_tokens: 300,
      messages: [{ role: 'user', content: prompt }],
    }),
  });
  expect(res.statusCode).toBe(200);
  let gotFirst: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (gotFirst = resolve));
  const end = (async (): Promise<StreamEnd> => {
    let buffered = '';
    let content = '';
    let done = false;
    let errorEvent: string | null = null;
    try {
      for await (const bytes of res.body) {
        buffered += (bytes as Buffer).toString('utf8');
        const events = buffered.split('\n\n');
        buffered = events.pop() ?? '';
        for (const event of events) {
          const data = event.replace(/^data: /, '');
          if (data === '[DONE]') done = true;
          else {
            const chunk = JSON.parse(data) as {
              choices?: Array<{ delta?: { content?: string } }>;
              error?: { code: string };
            };
            if (chunk.error) errorEvent = chunk.error.code;
            const piece = chunk.choices?.[0]?.delta?.content ?? '';
            content += piece;
            if (piece) gotFirst();
          }
        }
      }
      return { content, done, errorEvent, error: null };
    } catch (err) {
      return { content, done, errorEvent, error: err instanceof Error ? err.message : String(err) };
    } finally {
      // A stream that ends before its first chunk must not leave the test waiting for it.
      gotFirst();
    }
  })();
  return { requestId: String(res.headers['x-request-id']), first, end };
}

const slowStream = (chunks: number, delayMs: number): string =>
  [directive('reply', REPLY), directive('chunks', chunks), directive('delay_ms', delayMs)].join(' ');

describe.each(MODES)('graceful shutdown (%s)', (mode) => {
  let fakes: Fakes;
  let host: AppStack;
  /** API instances of the same deployment in processes of their own (same database, Redis and providers). */
  let drainer: AppProcess;
  let cutter: AppProcess;
  const clients: Client[] = [];
  const connection = (child: AppProcess, pipelining = 1): Client => {
    const client = new Client(child.url, { pipelining });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const shared = { ...fakes.env, MODEL_CATALOG_PATH: testCatalogPath([METERED]) };
    // Sets up accounts and reads the database; the process under test shares its database (SQLite: its file).
    host = await startAppContext(mode, shared);
    const env = {
      ...shared,
      DATA_DIR: host.dataDir,
      ...(host.databaseUrl ? { DATABASE_URL: host.databaseUrl, REDIS_URL: redisUrl() } : {}),
      REDIS_KEY_PREFIX: host.redisPrefix,
    };
    // Started together (each test waits for its own to be ready): a start from source takes seconds.
    [drainer, cutter] = await Promise.all([
      spawnAppProcess('main', 'drain', env),
      spawnAppProcess('main', 'deadline', { ...env, SHUTDOWN_GRACE_MS: '300' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    await disposeAll([drainer, cutter]);
    await host?.close();
    await fakes?.close();
  });

  const account = async (accountId: string): Promise<Omit<AccountMoney, 'holdsMicros'>> => {
    const { holdsMicros: _, ...money } = await accountMoney(host.dataSource, accountId);
    return money;
  };
  const rows = (accountId: string): Promise<RequestRow[]> => requestRows(host.dataSource, accountId);

  it('lets open streams finish, refuses new connections, answers with Connection: close, exits 0 with all written', async () => {
    const api = drainer;
    await api.ready;
    const { accountId, key } = await fundedKey(host, 100_000, { prefix: 'shutdown' });
    const before = await account(accountId);

    // Three streams on three connections. The first is the longest: a request is pipelined behind it later.
    const first = connection(api, 2);
    const streams = await Promise.all([
      openStream(first, key, slowStream(30, 100)),
      openStream(connection(api), key, slowStream(10, 100)),
      openStream(connection(api), key, slowStream(10, 100)),
    ]);
    await Promise.all(streams.map((s) => s.first));

    api.signal('SIGTERM');
    await connectionsRefused(api.port);
    // Arrives during the drain on a connection that was already open: answered, and that connection then ends.
    const late = await first.request({
      path: '/v1/models',
      method: 'GET',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(late.statusCode).toBe(200);
    expect(late.headers['connection']).toBe('close');
    expect(((await late.body.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain('metered');

    for (const end of await Promise.all(streams.map((s) => s.end))) {
      expect(end).toEqual({ content: REPLY, done: true, errorEvent: null, error: null });
    }
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.log()).toMatch(/"msg":"all 4 open request\(s\) finished"/);

    // The process is gone: whatever it had not written is lost, so this is what it flushed on its way out.
    const logged = await rows(accountId);
    expect(logged.map((r) => r.id).sort()).toEqual(streams.map((s) => s.requestId).sort());
    expect(logged.every((r) => r.status === 200 && r.cost > 0)).toBe(true);
    const cost = logged.reduce((sum, r) => sum + r.cost, 0);
    expect(await account(accountId)).toEqual({
      balance: before.balance - cost,
      held: 0,
      ledger: before.balance - cost,
      holds: 0,
    });
  }, 90_000);

  it('ends a stream still open at the deadline with an error event, bills what was sent, and exits 0', async () => {
    const api = cutter;
    await api.ready;
    const { accountId, key } = await fundedKey(host, 100_000, { prefix: 'deadline' });
    const before = await account(accountId);
    // One chunk, then the upstream holds the stream open for as long as it is wanted.
    const stream = await openStream(
      connection(api),
      key,
      [directive('reply', REPLY), directive('chunks', 4), directive('stall_after', 1)].join(' '),
    );
    await stream.first;

    api.signal('SIGTERM');
    // The stream ends properly (no broken connection) with an error event an SDK reports, and no [DONE].
    const end = await stream.end;
    expect(end).toMatchObject({ done: false, errorEvent: 'server_shutting_down', error: null });
    expect(end.content.length).toBeGreaterThan(0);
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.log()).toMatch(/"msg":"closed 1 of 1 request\(s\) still open at the deadline"/);

    const logged = await rows(accountId);
    expect(logged.map((r) => [r.id, r.status, r.errorCode])).toEqual([[stream.requestId, 200, 'server_shutting_down']]);
    const cost = logged[0].cost;
    expect(cost).toBeGreaterThan(0);
    expect(await account(accountId)).toEqual({
      balance: before.balance - cost,
      held: 0,
      ledger: before.balance - cost,
      holds: 0,
    });
  }, 90_000);
});
