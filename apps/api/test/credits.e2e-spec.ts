/**
 * Credits on the request path: a hold before forwarding, exactly-once settlement after, 402 when
 * the balance cannot pay, and no hold left behind — on both databases, across two instances.
 */
import { CreditsService, LedgerService } from '@vipcloud/billing';
import OpenAI from 'openai';
import request from 'supertest';
import {
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
    const env = { ...fakes.env, MODEL_CATALOG_PATH: testCatalogPath([METERED]) };
    gw = await startGateway(mode, env);
    other = gw.databaseUrl ? await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl }) : gw;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await fakes?.close();
  });

  const fundedKey = (micros: number) => newFundedKey(gw, micros, { prefix: 'credits' });
  const holds = (accountId: string): Promise<number> =>
    count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ?', [accountId]);

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
    const rows: Array<{ cost_micros: string | number }> = await gw.dataSource.query(
      'SELECT cost_micros FROM request_logs WHERE account_id = ?',
      [accountId],
    );
    expect(rows.reduce((s, r) => s + Number(r.cost_micros), 0)).toBe(spent);
    // Each usage entry keeps the price it was billed at.
    const entries: Array<{ price_snapshot: string }> = await gw.dataSource.query(
      "SELECT price_snapshot FROM ledger_entries WHERE account_id = ? AND kind = 'usage'",
      [accountId],
    );
    expect(entries.map((e) => e.price_snapshot)).toEqual([
      'metered input=0 cached=0 output=1000000',
      'metered input=0 cached=0 output=1000000',
    ]);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
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
    expect(served.length).toBeLessThanOrEqual(10);
    expect(results.every((r) => r.status === 200 || r.status === 402)).toBe(true);
    await eventually(async () => (await holds(accountId)) === 0);
    const balance = await gw.app.get(LedgerService).balance(accountId);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBe(1_000 - served.reduce((s, r) => s + r.body.usage.completion_tokens, 0));
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('releases a hold left by a crashed instance', async () => {
    const { accountId } = await fundedKey(1_000);
    const credits = gw.app.get(CreditsService);
    await credits.reserve({
      accountId,
      requestId: `req_crashed_${Date.now()}`,
      promptTokens: 0,
      maxOutputTokens: 600,
      price: METERED.price,
    });
    const old = new Date(Date.now() - 60 * 60_000 - 60_000);
    // SQLite stores TypeORM datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' text; mysql2 takes a Date.
    const stamp = mode === 'sqlite' ? old.toISOString().replace('T', ' ').replace('Z', '') : old;
    await gw.dataSource.query('UPDATE credit_holds SET created_at = ? WHERE account_id = ?', [stamp, accountId]);
    // A request still in flight (a fresh hold) keeps its hold.
    const fresh = (await fundedKey(1_000)).accountId;
    await credits.reserve({
      accountId: fresh,
      requestId: `req_live_${Date.now()}`,
      promptTokens: 0,
      maxOutputTokens: 100,
      price: METERED.price,
    });
    expect(await credits.releaseStaleHolds()).toBeGreaterThanOrEqual(1);
    expect(await holds(accountId)).toBe(0);
    expect(await holds(fresh)).toBe(1);
    const [row] = await gw.dataSource.query('SELECT held_micros FROM credit_balances WHERE account_id = ?', [
      accountId,
    ]);
    expect(Number(row.held_micros)).toBe(0);
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(1_000);
  });
});
