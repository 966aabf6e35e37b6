/**
 * Credits on the request path: a hold before forwarding (against the instance's lease), exactly-once
 * settlement after (batched, into the hour's usage aggregate), 402 when the balance cannot pay, and
 * no hold left behind — on both databases, across two instances.
 */
import { randomUUID } from 'node:crypto';
import { CreditsService, LedgerService, SettlementOutbox, usageAggregateReference } from '@vipcloud/billing';
import OpenAI from 'openai';
import request from 'supertest';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  count,
  directive,
  eventually,
  Fakes,
  fundedKey as newFundedKey,
  Gateway,
  METERED,
  MODES,
  PROVIDER_CASES,
  startFakes,
  startGateway,
  testCatalogPath,
} from './kit';

const LONG_REPLY = directive('reply', 'word '.repeat(400));

describe.each(MODES)('credits on the request path (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  let other: Gateway;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    // Leases idle for half a second are given back (the default is 10 s), so a test can see it.
    const env = { ...fakes.env, MODEL_CATALOG_PATH: testCatalogPath([METERED]), LEASE_IDLE_MS: '500' };
    gw = await startGateway(mode, env);
    other = gw.databaseUrl ? await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl }) : gw;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await fakes?.close();
  });

  const fundedKey = (micros: number) => newFundedKey(gw, micros, { prefix: 'credits' });
  /** Holds of single requests: none, ever, with leases (requests are held in memory against the lease). */
  const holds = (accountId: string): Promise<number> =>
    count(
      gw.dataSource,
      "SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ? AND request_id NOT LIKE 'lease:%'",
      [accountId],
    );
  /** What the account has reserved beyond its leases' rows (0 when no hold is left behind). */
  const heldBeyondLeases = async (accountId: string): Promise<number> => {
    const [row] = await gw.dataSource.query(
      'SELECT b.held_micros - (SELECT COALESCE(SUM(h.amount_micros), 0) FROM credit_holds h WHERE h.account_id = b.account_id) AS d FROM credit_balances b WHERE b.account_id = ?',
      [accountId],
    );
    return Number(row.d);
  };
  const settlements = (accountId: string): Promise<number> =>
    count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_settlements WHERE account_id = ?', [accountId]);

  it('answers 402 insufficient_quota with no balance, before any upstream call', async () => {
    const { key } = await fundedKey(0);
    fakes.resetAll();
    const res = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(res.body.error.message).toMatch(/needs up to \d+\.\d{6} USD/);
    expect(fakes.byFlavor.get('deepseek')?.requests).toHaveLength(0);
  });

  it('debits exactly the metered cost once, releases the hold, and keeps Σ ledger = balance', async () => {
    const { accountId, key } = await fundedKey(10_000);
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const a = await client.chat.completions.create({
      model: 'metered',
      max_tokens: 50,
      messages: [{ role: 'user', content: `go ${LONG_REPLY}` }],
    });
    const stream = await client.chat.completions.create({
      model: 'metered',
      max_tokens: 30,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `go ${LONG_REPLY}` }],
    });
    let streamed: OpenAI.CompletionUsage | null | undefined;
    for await (const c of stream) streamed = c.usage ?? streamed;
    const spent = (a.usage?.completion_tokens ?? 0) + (streamed?.completion_tokens ?? 0);
    expect(spent).toBeGreaterThan(0);
    await eventually(
      async () =>
        (await gw.app.get(LedgerService).balance(accountId)) === 10_000 - spent && (await holds(accountId)) === 0,
    );
    await gw.settle();
    const rows: Array<{ id: string; cost_micros: string | number; created_at: string | Date }> =
      await gw.dataSource.query('SELECT id, cost_micros, created_at FROM request_logs WHERE account_id = ?', [
        accountId,
      ]);
    expect(rows.reduce((s, r) => s + Number(r.cost_micros), 0)).toBe(spent);
    // One settlement per request; the charges are in the hour's usage aggregate, which keeps the
    // price they were billed at (two entries if the two requests fell either side of an hour).
    expect(await settlements(accountId)).toBe(2);
    const entries: Array<{ reference: string; amount_micros: string | number; price_snapshot: string }> =
      await gw.dataSource.query(
        "SELECT reference, amount_micros, price_snapshot FROM ledger_entries WHERE account_id = ? AND kind = 'usage'",
        [accountId],
      );
    expect(entries.reduce((s, e) => s + Number(e.amount_micros), 0)).toBe(-spent);
    for (const e of entries) expect(e.price_snapshot).toBe('metered input=0 cached=0 output=1000000');
    const hours = new Set(
      rows.map((r) => usageAggregateReference(accountId, 'metered', METERED.price, new Date(r.created_at))),
    );
    expect(entries.length).toBeLessThanOrEqual(2);
    if (hours.size === 1) expect(entries.map((e) => e.reference)).toEqual([...hours]);
    expect(await heldBeyondLeases(accountId)).toBe(0);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('names no request in the ledger: usage is aggregated per account, model, price and hour', async () => {
    const { accountId, key } = await fundedKey(100_000);
    // In parallel over both instances: their batches charge the same aggregate at the same time.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(i % 2 ? other.url : gw.url)
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${key}`)
          .send({ model: 'metered', max_tokens: 20, messages: [{ role: 'user', content: `go ${LONG_REPLY}` }] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    const ids = results.map((r) => r.headers['x-request-id'] as string);
    await other.settle();
    await gw.settle();
    expect(await settlements(accountId)).toBe(12);
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(
      100_000 - results.reduce((sum, r) => sum + (r.body.usage.completion_tokens as number), 0),
    );
    const entries: Array<{ reference: string; reason: string; fingerprint: string }> = await gw.dataSource.query(
      'SELECT reference, reason, fingerprint FROM ledger_entries',
    );
    for (const e of entries)
      for (const id of ids) {
        expect(e.reference).not.toContain(id);
        expect(e.reason).not.toContain(id);
        expect(e.fingerprint).not.toContain(id);
      }
    const usage = entries.filter((e) => e.reference.startsWith(`usage:${accountId}:`));
    expect(usage.length).toBeGreaterThanOrEqual(1);
    expect(usage.length).toBeLessThanOrEqual(2); // two only if the requests straddled an hour
    for (const e of usage) expect(e.reason).toMatch(/^API usage: metered, \d{4}-\d{2}-\d{2} \d{2}:00–\d{2}:00 UTC$/);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('charges a replayed settlement nothing', async () => {
    const { accountId, key } = await fundedKey(10_000);
    const res = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'metered', max_tokens: 20, messages: [{ role: 'user', content: `go ${LONG_REPLY}` }] });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    const cost = res.body.usage.completion_tokens as number;
    await gw.settle();
    const ledger = gw.app.get(LedgerService);
    expect(await ledger.balance(accountId)).toBe(10_000 - cost);
    // The same settlement again, on either instance, directly and through the outbox's drain.
    await gw.app.get(CreditsService).settle(accountId, id, cost, 'metered', METERED.price);
    await other.app.get(CreditsService).settle(accountId, id, cost, 'metered', METERED.price);
    await other.app.get(SettlementOutbox).add({
      requestId: id,
      accountId,
      costMicros: cost,
      model: 'metered',
      price: METERED.price,
      endedAtMs: Date.now(),
    });
    await other.app.get(CreditsService).drainOutbox();
    expect(await ledger.balance(accountId)).toBe(10_000 - cost);
    expect(await settlements(accountId)).toBe(1);
    expect(await ledger.reconcile()).toEqual([]);
  });

  it('clamps the output cap to what the balance affords, and passes that cap upstream', async () => {
    const { key } = await fundedKey(40);
    fakes.resetAll();
    const res = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'metered', max_tokens: 900, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect((fakes.byFlavor.get('deepseek')?.requests[0].body as { max_tokens: number }).max_tokens).toBe(40);
  });

  /** Credits moved by an operator's CLI: another process, on the same database. */
  async function adjustByCli(accountId: string, usd: string, key: string): Promise<void> {
    const out: string[] = [];
    const argv = ['credits:adjust', '--account', accountId, '--amount', usd, '--reason', 'test', '--idempotency-key'];
    expect(await runCli([...argv, `${key}-${accountId}`], cliConfig(gw), (l) => out.push(l))).toBe(0);
  }

  /** One request of up to 500 output tokens: its status and the cap the upstream was sent. */
  async function ask(key: string): Promise<{ status: number; cap: number | null; message?: string }> {
    fakes.resetAll();
    const res = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'metered', max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] });
    const sent = fakes.byFlavor.get('deepseek')?.requests[0]?.body as { max_tokens: number } | undefined;
    return { status: res.status, cap: sent?.max_tokens ?? null, message: res.body.error?.message };
  }

  it('sees credits added and taken by another process: at once when the lease runs short, within a refresh otherwise', async () => {
    const { key, accountId } = await fundedKey(40);
    expect(await ask(key)).toEqual({ status: 200, cap: 40 });
    // A top-up by the CLI: the lease cannot cover the next request, so the database is read again.
    await adjustByCli(accountId, '0.010000', 'topup');
    expect(await ask(key)).toEqual({ status: 200, cap: 500 });
    // A correction that takes the balance below zero: the lease still holds credits, but the
    // periodic read of leased accounts stops the keys.
    const balance = await gw.app.get(LedgerService).balance(accountId);
    await adjustByCli(accountId, `-${((balance + 1_000) / 1e6).toFixed(6)}`, 'arrears');
    const stopped = await eventually(async () => {
      const r = await ask(key);
      return r.status === 402 && r;
    }, 10_000);
    expect(stopped.message).toMatch(/paused until/);
    expect(await ask(key)).toMatchObject({ status: 402, cap: null });
    await adjustByCli(accountId, '0.005000', 'settled');
    expect(await ask(key)).toMatchObject({ status: 200 });
    await gw.settle();
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('gives an idle lease back to the account', async () => {
    const { accountId, key } = await fundedKey(10_000);
    const res = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'metered', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    await gw.settle();
    const leased = (): Promise<number> =>
      count(
        gw.dataSource,
        "SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ? AND request_id LIKE 'lease:%'",
        [accountId],
      );
    await eventually(async () => (await leased()) === 0, 10_000);
    const [row] = await gw.dataSource.query(
      'SELECT balance_micros, held_micros FROM credit_balances WHERE account_id = ?',
      [accountId],
    );
    expect([Number(row.balance_micros), Number(row.held_micros)]).toEqual([
      10_000 - res.body.usage.completion_tokens,
      0,
    ]);
  });

  it('refusals and failed requests cost nothing', async () => {
    const { accountId, key } = await fundedKey(5_000);
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    await client.chat.completions
      .create({
        model: 'metered',
        max_tokens: 50,
        messages: [{ role: 'user', content: directive('error', 'refusal') }],
      })
      .catch(() => undefined);
    await client.chat.completions
      .create({
        model: 'metered',
        max_tokens: 50,
        messages: [{ role: 'user', content: directive('error', 'context') }],
      })
      .catch(() => undefined);
    await eventually(async () => (await holds(accountId)) === 0);
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(5_000);
  });

  it('serves a burst of 300 parallel requests on a well-funded account without a 402', async () => {
    // Far more requests at once than one growth of the lease covers: they wait on growths sized
    // for all of them, none gives up with a 402 while the account has credits.
    const { accountId, key } = await fundedKey(10_000_000);
    const body = { model: 'metered', max_tokens: 100, messages: [{ role: 'user', content: 'burst' }] };
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        request((i % 2 ? other : gw).url)
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${key}`)
          .send(body),
      ),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body?.error?.code])).toEqual([]);
    await gw.settle();
    if (other !== gw) await other.settle();
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(
      10_000_000 - results.reduce((sum, r) => sum + r.body.usage.completion_tokens, 0),
    );
  });

  it('serves at most what the balance covers under 50 parallel requests over two instances', async () => {
    const { accountId, key } = await fundedKey(1_000); // exactly ten requests of 100 tokens
    const body = { model: 'metered', max_tokens: 100, messages: [{ role: 'user', content: `go ${LONG_REPLY}` }] };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request((i % 2 ? other : gw).url)
          .post('/v1/chat/completions')
          .set('authorization', `Bearer ${key}`)
          .send(body),
      ),
    );
    const served = results.filter((r) => r.status === 200);
    expect(served.length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 200 || r.status === 402)).toBe(true);
    // Leases grow in whole requests, so none is left with a fraction of one to offer as a lower cap.
    expect(served.length).toBeLessThanOrEqual(10);
    const tokens = served.map((r) => r.body.usage.completion_tokens as number);
    expect(tokens.reduce((sum, t) => sum + t, 0)).toBeLessThanOrEqual(1_000);
    await other.settle();
    await gw.settle();
    expect(await holds(accountId)).toBe(0);
    expect(await heldBeyondLeases(accountId)).toBe(0);
    expect(await settlements(accountId)).toBe(served.length);
    const balance = await gw.app.get(LedgerService).balance(accountId);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBe(1_000 - served.reduce((s, r) => s + r.body.usage.completion_tokens, 0));
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('takes a settlement a drain charged first out of the lease as well: its credits are not admitted twice', async () => {
    const { accountId } = await fundedKey(1_000);
    const credits = gw.app.get(CreditsService);
    const requestId = `req_${randomUUID()}`;
    await credits.reserve({ accountId, requestId, promptTokens: 0, maxOutputTokens: 600, price: METERED.price });
    // The request ended costing 600 and the drain job (on either instance) charged it from the
    // outbox before this instance's own batch did.
    await other.app.get(SettlementOutbox).add({
      requestId,
      accountId,
      costMicros: 600,
      model: 'metered',
      price: METERED.price,
      endedAtMs: Date.now(),
    });
    expect(await other.app.get(CreditsService).drainOutbox()).toBe(1);
    await credits.settle(accountId, requestId, 600, 'metered', METERED.price);
    await gw.settle();
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(400);
    expect(await heldBeyondLeases(accountId)).toBe(0);
    // 400 left: a request for 600 is offered 400 output tokens, not served in full from the lease.
    const next = await credits.reserve({
      accountId,
      requestId: `req_${randomUUID()}`,
      promptTokens: 0,
      maxOutputTokens: 600,
      price: METERED.price,
    });
    expect(next).toEqual({ amountMicros: 400, outputCap: 400 });
    expect(await settlements(accountId)).toBe(1);
  });

  it("releases a dead instance's stale lease, after charging its settlements from the outbox", async () => {
    const { accountId } = await fundedKey(1_000);
    const credits = gw.app.get(CreditsService);
    // A lease of an instance that died: 600 reserved, no longer renewed; one of its requests ended
    // (cost 123) and its settlement reached only the outbox.
    const dead = `lease:deadhost-1-abcdef:${accountId}`;
    // Three minutes without renewal: four renewals (30 s apart) missed, well within HOLD_TTL_MS.
    const old = new Date(Date.now() - 3 * 60_000);
    // SQLite stores TypeORM datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' text; mysql2 takes a Date.
    const stamp = mode === 'sqlite' ? old.toISOString().replace('T', ' ').replace('Z', '') : old;
    await gw.dataSource.query(
      'INSERT INTO credit_holds (request_id, account_id, amount_micros, created_at) VALUES (?, ?, 600, ?)',
      [dead, accountId, stamp],
    );
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros + 600 WHERE account_id = ?', [
      accountId,
    ]);
    // A single request's hold as old (placed before leases) keeps HOLD_TTL_MS: it stays.
    const legacy = (await fundedKey(1_000)).accountId;
    await gw.dataSource.query(
      'INSERT INTO credit_holds (request_id, account_id, amount_micros, created_at) VALUES (?, ?, 100, ?)',
      [`req_${randomUUID()}`, legacy, stamp],
    );
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros + 100 WHERE account_id = ?', [
      legacy,
    ]);
    const requestId = `req_${randomUUID()}`;
    await gw.app.get(SettlementOutbox).add({
      requestId,
      accountId,
      costMicros: 123,
      model: 'metered',
      price: METERED.price,
      endedAtMs: Date.now(),
    });
    // This instance's own lease on another account is live (renewed) and stays.
    const fresh = (await fundedKey(1_000)).accountId;
    await credits.reserve({
      accountId: fresh,
      requestId: `req_live_${Date.now()}`,
      promptTokens: 0,
      maxOutputTokens: 100,
      price: METERED.price,
    });

    expect(await credits.releaseStaleHolds()).toBeGreaterThanOrEqual(1);
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ?', [accountId])).toBe(
      0,
    );
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ?', [fresh])).toBe(1);
    expect(await holds(legacy)).toBe(1);
    const [row] = await gw.dataSource.query('SELECT held_micros FROM credit_balances WHERE account_id = ?', [
      accountId,
    ]);
    expect(Number(row.held_micros)).toBe(0);
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(1_000 - 123);
    expect(await settlements(accountId)).toBe(1);
    expect((await gw.app.get(SettlementOutbox).all()).has(requestId)).toBe(false);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });
});
