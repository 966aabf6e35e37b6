/**
 * Settlement survives the database going away: a request answered while the database connection
 * is cut is charged once it returns (the outbox and its retries), exactly once per request id; the
 * hold sweep settles, never releases, a hold whose request ended with a known cost; the embedded
 * default keeps the outbox on disk across a restart. Charges land in the hour's usage aggregate
 * (one per account here, each account making one request) and in credit_settlements.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreditsService, LedgerService, PendingSettlement, SettlementOutbox } from '@vipcloud/billing';
import mysql from 'mysql2/promise';
import OpenAI from 'openai';
import {
  createMysqlDatabase,
  deleteRedisKeys,
  directive,
  eventually,
  Fakes,
  fundedKey,
  Gateway,
  METERED,
  MODES,
  readLog,
  startFakes,
  startGateway,
  startTcpProxy,
  testCatalogPath,
  TcpProxy,
} from './kit';

type Row = Record<string, string | number>;

/** What the test reads of one account, straight from the database. */
async function state(query: (sql: string, params: unknown[]) => Promise<Row[]>, accountId: string, requestId: string) {
  const settled = await query('SELECT request_id FROM credit_settlements WHERE request_id = ?', [requestId]);
  const usage = await query("SELECT amount_micros FROM ledger_entries WHERE account_id = ? AND kind = 'usage'", [
    accountId,
  ]);
  // Holds of single requests (leases are an instance's, not a request's).
  const holds = await query(
    "SELECT request_id FROM credit_holds WHERE account_id = ? AND request_id NOT LIKE 'lease:%'",
    [accountId],
  );
  const [leased] = await query(
    "SELECT COALESCE(SUM(amount_micros), 0) AS n FROM credit_holds WHERE account_id = ? AND request_id LIKE 'lease:%'",
    [accountId],
  );
  const [balance] = await query('SELECT balance_micros, held_micros FROM credit_balances WHERE account_id = ?', [
    accountId,
  ]);
  return {
    settled: settled.length,
    usage: usage.map((r) => Number(r['amount_micros'])),
    holds: holds.length,
    balance: Number(balance?.['balance_micros']),
    /** Held beyond the leases. */
    held: Number(balance?.['held_micros']) - Number(leased?.['n']),
  };
}

describe('settlement while the database connection is cut (mysql+redis)', () => {
  let fakes: Fakes;
  let proxy: TcpProxy;
  let db: { url: string; drop: () => Promise<void> };
  let gw: Gateway;
  let direct: mysql.Connection;

  beforeAll(async () => {
    fakes = await startFakes();
    db = await createMysqlDatabase();
    proxy = await startTcpProxy({ port: 3306 });
    gw = await startGateway('mysql+redis', {
      ...fakes.env,
      MODEL_CATALOG_PATH: testCatalogPath([METERED]),
      // The API reaches MariaDB only through the proxy; the test reads it directly.
      DATABASE_URL: proxy.via(db.url),
    });
    direct = await mysql.createConnection({ uri: db.url });
  });
  afterAll(async () => {
    proxy?.restore();
    await direct?.end();
    await gw?.close();
    if (gw) await deleteRedisKeys(gw.redisPrefix);
    await db?.drop();
    await proxy?.close();
    await fakes?.close();
  });

  const query = async (sql: string, params: unknown[]): Promise<Row[]> => (await direct.query(sql, params))[0] as Row[];

  it('charges a request answered during the cut once the database is back, exactly once', async () => {
    const funded = 1_000_000;
    const { accountId, key } = await fundedKey(gw, funded, { prefix: 'cut' });
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'metered',
        max_tokens: 500,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          {
            role: 'user',
            content: `${directive('reply', 'one two three four five six seven eight nine ten eleven twelve')} ${directive('chunks', 6)} ${directive('delay_ms', 150)}`,
          },
        ],
      })
      .withResponse();
    const requestId = response.headers.get('x-request-id') as string;
    let text = '';
    let completionTokens = -1;
    let chunks = 0;
    for await (const chunk of stream) {
      // The first chunk is out: the hold is placed, the request is in flight. Cut the database.
      if (chunks++ === 0) proxy.cut();
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    // The answer is delivered whole, the database still away.
    expect(text).toContain('twelve');
    expect(completionTokens).toBeGreaterThan(0);
    // METERED: 1 micro-USD per output token, input free.
    const cost = completionTokens;
    await eventually(async () => readLog(gw).includes(`could not settle ${requestId}`), 10_000);
    await new Promise((r) => setTimeout(r, 1_500));
    proxy.restore();

    const after = await eventually(async () => {
      const s = await state(query, accountId, requestId);
      // Not one snapshot: a batch committing between the reads shows its charge without its settlement row.
      return s.usage.length > 0 && s.settled > 0 && s.holds === 0 && s;
    }, 30_000);
    expect(after).toEqual({ settled: 1, usage: [-cost], holds: 0, balance: funded - cost, held: 0 });
    await eventually(async () => (await gw.app.get(SettlementOutbox).all()).size === 0, 10_000);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
    // The request's metadata row was kept while the database was away and written after, once.
    const rows = await eventually(async () => {
      const found = (await query('SELECT status, cost_micros FROM request_logs WHERE id = ?', [requestId])) as Array<{
        status: number;
        cost_micros: string | number;
      }>;
      return found.length > 0 && found;
    }, 30_000);
    expect(rows.map((r) => [r.status, Number(r.cost_micros)])).toEqual([[200, cost]]);
  }, 90_000);
});

describe.each(MODES)('settlement outbox (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;

  beforeAll(async () => {
    fakes = await startFakes();
    // Every hold is stale at once: the sweep is called directly below.
    gw = await startGateway(mode, { ...fakes.env, MODEL_CATALOG_PATH: testCatalogPath([METERED]), HOLD_TTL_MS: '1' });
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  const query = (sql: string, params: unknown[]): Promise<Row[]> => gw.dataSource.query(sql, params);
  const hold = (accountId: string, requestId: string) =>
    gw.app
      .get(CreditsService)
      .reserve({ accountId, requestId, promptTokens: 0, maxOutputTokens: 500, price: METERED.price });
  const pending = (accountId: string, requestId: string, costMicros: number): PendingSettlement => ({
    requestId,
    accountId,
    costMicros,
    model: 'metered',
    price: METERED.price,
    endedAtMs: Date.now(),
  });

  /** A hold of one request, as placed before leases: a row of its own, counted in held_micros. */
  async function legacyHold(accountId: string, requestId: string, amount: number): Promise<void> {
    await query('INSERT INTO credit_holds (request_id, account_id, amount_micros, created_at) VALUES (?, ?, ?, ?)', [
      requestId,
      accountId,
      amount,
      mode === 'sqlite' ? new Date().toISOString().replace('T', ' ').replace('Z', '') : new Date(),
    ]);
    await query('UPDATE credit_balances SET held_micros = held_micros + ? WHERE account_id = ?', [amount, accountId]);
  }

  it('settles with its known cost, not releases, a stale hold whose settlement is in the outbox', async () => {
    const { accountId } = await fundedKey(gw, 10_000, { prefix: 'sweep' });
    const known = `req_${randomUUID()}`;
    const abandoned = `req_${randomUUID()}`;
    await legacyHold(accountId, known, 500);
    await legacyHold(accountId, abandoned, 500);
    // This instance's own lease is stale by the 1 ms TTL too, but it is alive: it stays.
    await hold(accountId, `req_${randomUUID()}`);
    await gw.app.get(SettlementOutbox).add(pending(accountId, known, 123));
    await new Promise((r) => setTimeout(r, 20));

    // Only the hold nobody knows the cost of is released.
    expect(await gw.app.get(CreditsService).releaseStaleHolds()).toBe(1);
    expect(await state(query, accountId, known)).toEqual({
      settled: 1,
      usage: [-123],
      holds: 0,
      balance: 9_877,
      held: 0,
    });
    expect((await state(query, accountId, abandoned)).settled).toBe(0);
    expect(readLog(gw)).toContain(`settled the stale hold of ${known} from the settlement outbox`);
    expect(readLog(gw)).toContain(`released the stale hold of ${abandoned}`);
    expect((await gw.app.get(SettlementOutbox).all()).size).toBe(0);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('charges once when a settlement is retried after its commit was acknowledged to nobody', async () => {
    const { accountId } = await fundedKey(gw, 10_000, { prefix: 'replay' });
    const requestId = `req_${randomUUID()}`;
    const credits = gw.app.get(CreditsService);
    await hold(accountId, requestId);
    // The commit lands, but its acknowledgement is lost: the caller keeps the settlement to retry.
    await credits.settle(accountId, requestId, 200, 'metered', METERED.price);
    await gw.app.get(SettlementOutbox).add(pending(accountId, requestId, 200));
    expect(await credits.drainOutbox()).toBe(1);
    await credits.settle(accountId, requestId, 200, 'metered', METERED.price);
    expect(await state(query, accountId, requestId)).toEqual({
      settled: 1,
      usage: [-200],
      holds: 0,
      balance: 9_800,
      held: 0,
    });
    expect((await gw.app.get(SettlementOutbox).all()).size).toBe(0);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });
});

describe('settlement outbox on disk (sqlite)', () => {
  let dir: string;
  let gw: Gateway | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vc-outbox-'));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a pending settlement across a restart and charges it after', async () => {
    const env = { MODEL_CATALOG_PATH: testCatalogPath([METERED]), DATA_DIR: dir };
    gw = await startGateway('sqlite', env);
    const { accountId } = await fundedKey(gw, 10_000, { prefix: 'disk' });
    const requestId = `req_${randomUUID()}`;
    await gw.app
      .get(CreditsService)
      .reserve({ accountId, requestId, promptTokens: 0, maxOutputTokens: 500, price: METERED.price });
    await gw.app.get(SettlementOutbox).add({
      requestId,
      accountId,
      costMicros: 321,
      model: 'metered',
      price: METERED.price,
      endedAtMs: Date.now(),
    });
    const journal = join(dir, 'settlement-outbox.jsonl');
    // Ids and numbers only: nothing of the request's content.
    expect(Object.keys(JSON.parse(readFileSync(journal, 'utf8').trim()).add).sort()).toEqual(
      ['accountId', 'costMicros', 'endedAtMs', 'model', 'price', 'requestId'].sort(),
    );
    await gw.close();
    gw = null;

    gw = await startGateway('sqlite', env);
    const outbox = gw.app.get(SettlementOutbox);
    expect([...(await outbox.all()).keys()]).toEqual([requestId]);
    expect(await gw.app.get(CreditsService).drainOutbox()).toBe(1);
    const query = (sql: string, params: unknown[]): Promise<Row[]> => (gw as Gateway).dataSource.query(sql, params);
    expect(await state(query, accountId, requestId)).toEqual({
      settled: 1,
      usage: [-321],
      holds: 0,
      balance: 9_679,
      held: 0,
    });
    expect(readFileSync(journal, 'utf8')).toBe('');
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  }, 60_000);
});
