/**
 * A credit hold's whole life: the lease of an instance killed between hold and settle is released
 * by the sweeper job, the same price for a streamed and a non-streamed answer, and an answer
 * the caller cut short billed for what it was sent — on SQLite and on MariaDB + Redis.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerService } from '@vipcloud/billing';
import { getEncoding } from 'js-tiktoken';
import OpenAI from 'openai';
import {
  METERED,
  deleteRedisKeys,
  directive,
  eventually,
  eventuallyRows,
  Fakes,
  freePort,
  fundedKey,
  Gateway,
  logRow,
  MODES,
  PROVIDER_CASES,
  readLog,
  redisUrl,
  FROM_SOURCE_ARGS,
  REPO_ROOT as ROOT,
  sourceProcessEnv,
  startFakes,
  startGateway,
  testCatalogPath,
} from './kit';

type UsageEntry = { amount_micros: string | number; kind: string };
/** An account's usage entries: aggregates per model, price and hour (no entry names a request). */
const USAGE_ENTRIES = "SELECT amount_micros, kind FROM ledger_entries WHERE account_id = ? AND kind = 'usage'";
const SETTLEMENT = 'SELECT request_id, account_id FROM credit_settlements WHERE request_id = ?';

interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * The documented rule, written out independently of the product's: integer micro-USD per 1M
 * tokens, cached input at its own price, reasoning inside the output, rounded up once.
 */
function expectedCost(usage: OpenAI.CompletionUsage, price: Price): number {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const scaled =
    BigInt(usage.prompt_tokens - cached) * BigInt(price.input) +
    BigInt(cached) * BigInt(price.cachedInput) +
    BigInt(usage.completion_tokens) * BigInt(price.output);
  return Number((scaled + 999_999n) / 1_000_000n);
}

/** The API started from source in its own process, so it can be killed for real. */
interface ChildApi {
  proc: ChildProcess;
  url: string;
  exited: Promise<void>;
  /** Resolves once the API answers /readyz; rejects (with the end of its output) if it cannot start. */
  ready: Promise<void>;
}

function spawnApi(env: Record<string, string>, dir: string, port: number): ChildApi {
  const output = join(dir, 'child-output.log');
  // stdout/stderr go to a file: a pipe nobody drains could block the child, and its lines would
  // interleave with Jest's report.
  const fd = openSync(output, 'a');
  // The IPC channel closes if this test process dies without its afterAll, and the child then
  // exits rather than linger as an orphan server.
  const boot = `process.on('disconnect', () => process.exit(1)); require(${JSON.stringify(join(ROOT, 'apps/api/src/main.ts'))});`;
  const proc = spawn(process.execPath, [...FROM_SOURCE_ARGS, '-e', boot], {
    cwd: ROOT,
    // Only what the child needs: settings inherited from the test runner could change its mode.
    env: sourceProcessEnv({
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_DESTINATION: join(dir, 'child-app.log'),
    }),
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const tail = (): string => {
    try {
      return readFileSync(output, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  const ready = eventually(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`it exited (${proc.exitCode ?? proc.signalCode})`);
    const res = await fetch(`${url}/readyz`).catch(() => null);
    return res?.status === 200;
  }, 40_000).then(
    () => undefined,
    (err: unknown) => {
      throw new Error(
        `the API process did not become ready: ${err instanceof Error ? err.message : String(err)}\n${tail()}`,
      );
    },
  );
  return { proc, url, exited, ready };
}

async function killChild(child: ChildApi | null): Promise<void> {
  if (!child?.proc.pid) return;
  if (child.proc.exitCode === null && child.proc.signalCode === null) process.kill(child.proc.pid, 'SIGKILL');
  await child.exited;
}

describe.each(MODES)('credit hold lifecycle (%s)', (mode) => {
  let dir: string;
  let catalogPath: string;
  let env: Record<string, string>;
  let fakes: Fakes;
  let gw: Gateway;
  let child: ChildApi | null = null;
  let sweeper: Gateway | null = null;

  beforeAll(async () => {
    // DATA_DIR is chosen here so the other processes of the same deployment can share it.
    dir = mkdtempSync(join(tmpdir(), 'vc-lifecycle-'));
    fakes = await startFakes();
    catalogPath = testCatalogPath([METERED]);
    env = { ...fakes.env, MODEL_CATALOG_PATH: catalogPath, DATA_DIR: dir };
    gw = await startGateway(mode, env);
  });
  afterAll(async () => {
    await killChild(child);
    await closeSweeper();
    await gw?.close();
    await fakes?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function closeSweeper(): Promise<void> {
    if (!sweeper) return;
    const s = sweeper;
    sweeper = null;
    await s.close();
    // It shares the database but has its own queue prefix, which its close leaves in Redis.
    if (mode === 'mysql+redis') await deleteRedisKeys(s.redisPrefix);
  }

  const fundedAccount = (micros: number) => fundedKey(gw, micros, { prefix: 'lifecycle' });

  const holdRows = (accountId: string): Promise<Array<{ request_id: string; amount_micros: string | number }>> =>
    gw.dataSource.query('SELECT request_id, amount_micros FROM credit_holds WHERE account_id = ?', [accountId]);
  const heldMicros = async (accountId: string): Promise<number> =>
    Number(
      (await gw.dataSource.query('SELECT held_micros FROM credit_balances WHERE account_id = ?', [accountId]))[0]
        .held_micros,
    );
  const usageEntries = (accountId: string): Promise<UsageEntry[]> => gw.dataSource.query(USAGE_ENTRIES, [accountId]);
  const leased = async (accountId: string): Promise<number> =>
    Number(
      (
        await gw.dataSource.query(
          "SELECT COALESCE(SUM(amount_micros), 0) AS n FROM credit_holds WHERE account_id = ? AND request_id LIKE 'lease:%'",
          [accountId],
        )
      )[0].n,
    );

  it('releases, by the scheduled sweep job, the lease of an API process killed between hold and settle', async () => {
    const { accountId, key } = await fundedAccount(10_000);
    const ledger = gw.app.get(LedgerService);

    // Another instance of the same deployment: same database (the same SQLite file, or the same
    // MariaDB database and Redis prefix), same providers. It is kept in the describe's scope before
    // it is ready, so afterAll kills it whatever happens next.
    child = spawnApi(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        ...env,
        REDIS_KEY_PREFIX: gw.redisPrefix,
        ...(mode === 'mysql+redis' ? { DATABASE_URL: gw.databaseUrl as string, REDIS_URL: redisUrl() } : {}),
      },
      dir,
      await freePort(),
    );
    await child.ready;
    const client = new OpenAI({ apiKey: key, baseURL: `${child.url}/v1`, maxRetries: 0 });
    const controller = new AbortController();
    // The fake sends one answer chunk and then holds the stream open: the request is in flight.
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          model: 'metered',
          max_tokens: 600,
          stream: true,
          messages: [
            {
              role: 'user',
              content: `${directive('reply', 'half an answer and then nothing')} ${directive('chunks', 4)} ${directive('stall_after', 1)}`,
            },
          ],
        },
        { signal: controller.signal },
      )
      .withResponse();
    const requestId = response.headers.get('x-request-id') as string;
    const chunks = stream[Symbol.asyncIterator]();
    let received = '';
    while (!received) {
      const next = await chunks.next();
      if (next.done) throw new Error('the stream ended before its first chunk');
      received += next.value.choices[0]?.delta.content ?? '';
    }
    const [hold] = await eventually(async () => {
      const rows = await holdRows(accountId);
      return rows.length === 1 && rows;
    });
    // The instance's lease on the account, out of which the request's 600 are held in memory.
    expect(hold.request_id).toMatch(new RegExp(`^lease:[A-Za-z0-9-]+:${accountId}$`));
    const lease = Number(hold.amount_micros);
    expect(lease).toBeGreaterThanOrEqual(600);
    expect(lease).toBeLessThanOrEqual(10_000);

    process.kill(child.proc.pid as number, 'SIGKILL');
    await child.exited;
    expect(child.proc.signalCode).toBe('SIGKILL');
    // The caller sees its stream break; nobody is left to settle the request.
    await expect(chunks.next()).rejects.toThrow();
    controller.abort();
    expect(await holdRows(accountId)).toHaveLength(1);
    expect(await heldMicros(accountId)).toBe(lease);

    // The surviving instance has the default one-hour TTL. One that treats holds older than 500 ms
    // as abandoned, on the same DATA_DIR (SQLite: the same file) or the same MariaDB database,
    // releases it with its scheduled job (run in-process on SQLite, by its worker with Redis). It
    // keeps its own queue prefix: on the shared one, the one-hour TTL worker would take some runs.
    sweeper = await startGateway(mode, {
      ...env,
      HOLD_TTL_MS: '500',
      HOLD_SWEEP_EVERY_MS: '200',
      ...(mode === 'mysql+redis' ? { DATABASE_URL: gw.databaseUrl as string } : {}),
    });
    const s = sweeper;
    await eventually(
      async () => (await holdRows(accountId)).length === 0 && (await heldMicros(accountId)) === 0,
      15_000,
    );
    // The sweep job logs each lease it releases. Not asserted on the recorded jobs: with Redis the
    // period's run is proposed by the API and its worker alike, and either one's proposal may win.
    await eventually(async () => readLog(s).includes(`released the stale lease ${hold.request_id}`));
    await closeSweeper();

    // Released, not charged: the killed request left no settlement, no usage and the balance is intact.
    expect(await gw.dataSource.query(SETTLEMENT, [requestId])).toEqual([]);
    expect(await usageEntries(accountId)).toEqual([]);
    expect(await ledger.balance(accountId)).toBe(10_000);
    expect(await ledger.reconcile()).toEqual([]);
  }, 90_000);

  it.each(PROVIDER_CASES)(
    'charges a streamed and a non-streamed identical request the same ($flavor)',
    async ({ flavor, model }) => {
      const client = new OpenAI({ apiKey: gw.apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
      const price = (
        JSON.parse(readFileSync(catalogPath, 'utf8')) as { models: Array<{ id: string; price: Price }> }
      ).models.find((m) => m.id === model)?.price as Price;
      // Reasoning, cached input and several chunks, so each provider's usage format is exercised in full
      // (those of Kimi and GLM carry no reasoning count, and MiniMax's no cached count).
      const prompt = [
        `What does metering cost on ${flavor}?`,
        directive('reply', 'A streamed answer and a whole one carry the same tokens, so they carry the same price.'),
        directive('think', 'Both answers are generated from the same prompt by the same model.'),
        directive('cached', 8),
        directive('chunks', 6),
      ].join(' ');
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];

      const { data: whole, response: wholeResponse } = await client.chat.completions
        .create({ model, messages })
        .withResponse();
      const { data: stream, response: streamResponse } = await client.chat.completions
        .create({ model, messages, stream: true, stream_options: { include_usage: true } })
        .withResponse();
      let content = '';
      let reasoning = '';
      let streamedUsage: OpenAI.CompletionUsage | undefined;
      for await (const c of stream) {
        content += c.choices[0]?.delta.content ?? '';
        reasoning += (c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
        streamedUsage = c.usage ?? streamedUsage;
      }
      // The same answer both ways, so the same tokens.
      expect(content).toBe(whole.choices[0].message.content);
      expect(reasoning).toBe((whole.choices[0].message as { reasoning_content?: string }).reasoning_content);
      expect(streamedUsage).toEqual(whole.usage);
      const usage = whole.usage as OpenAI.CompletionUsage;
      expect(usage.completion_tokens).toBeGreaterThan(0);

      const cost = expectedCost(usage, price);
      expect(cost).toBeGreaterThan(0);
      const ids = [
        wholeResponse.headers.get('x-request-id') as string,
        streamResponse.headers.get('x-request-id') as string,
      ];
      for (const id of ids) {
        // Settled once; its charge is in the owner's usage aggregate of the hour.
        await eventuallyRows(gw, SETTLEMENT, [id], (rows) => rows.length === 1);
        const row = await logRow(gw, id);
        expect(row['usage_source']).toBe('upstream');
        expect(Number(row['cost_micros'])).toBe(cost);
      }
    },
  );

  it('bills a stream the caller cut after N chunks for the tokens of those chunks', async () => {
    const { accountId, key } = await fundedAccount(10_000);
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const PIECES = 40;
    const N = 5;
    const sentence = 'Metering counts the tokens that reached the wire, no more and no less; ';
    const reply = sentence.repeat(20).slice(0, PIECES * 30); // 40 pieces of exactly 30 characters
    const piece = (i: number): string => reply.slice(i * 30, (i + 1) * 30);
    const controller = new AbortController();
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          model: 'metered',
          max_tokens: 1000,
          stream: true,
          stream_options: { include_usage: true },
          messages: [
            {
              role: 'user',
              content: `${directive('reply', reply)} ${directive('chunks', PIECES)} ${directive('delay_ms', 150)}`,
            },
          ],
        },
        { signal: controller.signal },
      )
      .withResponse();
    const delivered: string[] = [];
    // The SDK either ends the iteration quietly or throws an abort error; both are a hang-up.
    await (async () => {
      for await (const c of stream) {
        const text = c.choices[0]?.delta.content;
        if (text) delivered.push(text);
        if (delivered.length === N) {
          controller.abort();
          break;
        }
      }
    })().catch((e: unknown) => expect(String(e)).toMatch(/abort/i));
    expect(delivered).toEqual(Array.from({ length: N }, (_, i) => piece(i)));

    const row = await logRow(gw, response.headers.get('x-request-id') as string);
    expect(row['status']).toBe(499);
    expect(row['usage_source']).toBe('estimated');
    const charged = Number(row['cost_micros']);
    // The gateway estimates missing usage with js-tiktoken's o200k_base over the text it relayed.
    const encoder = getEncoding('o200k_base');
    const sent = encoder.encode(delivered.join('')).length;
    // Chunks come 150 ms apart, so the gateway sees the hang-up long before the next one. If it
    // ever relayed piece N+1 in the instant before noticing, that piece was generated and written
    // to the caller's socket, and billing it is right: the bound is the N pieces, or N + 1.
    const sentWithNext = encoder.encode(delivered.join('') + piece(N)).length;
    expect([sent, sentWithNext]).toContain(charged);
    expect(sent).toBeGreaterThan(0);
    expect(Number(row['output_tokens'])).toBe(charged);

    await eventuallyRows(gw, SETTLEMENT, [row['id'] as string], (rows) => rows.length === 1);
    // The account's only request: its usage aggregate is exactly this charge.
    const entries = await eventuallyRows<UsageEntry>(gw, USAGE_ENTRIES, [accountId]);
    expect(entries.map((e) => [e.kind, Number(e.amount_micros)])).toEqual([['usage', -charged]]);
    // No hold of a single request; what is held is the instance's lease, and nothing beyond it.
    expect((await holdRows(accountId)).filter((h) => !h.request_id.startsWith('lease:'))).toEqual([]);
    expect(await heldMicros(accountId)).toBe(await leased(accountId));
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(10_000 - charged);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });
});
