/** The owner's usage summary: request metadata summed per day, model and key, matching what was billed. */
import { LedgerService } from '@vipcloud/billing';
import OpenAI from 'openai';
import {
  count,
  createKey,
  eventually,
  Fakes,
  Gateway,
  graphql,
  GraphqlClient,
  MODES,
  PROVIDER_CASES,
  signIn,
  startFakes,
  startGateway,
} from './kit';

describe.each(MODES)('usage summary (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  let gql: GraphqlClient;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek' || c.flavor === 'moonshot'));
    gw = await startGateway(mode, fakes.env);
    gql = graphql(gw, (await signIn(gw, gw.accountId)).token);
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  const SUMMARY =
    'query($g: UsageGrouping!, $from: DateTime, $to: DateTime) { usageSummary(groupBy: $g, from: $from, to: $to) { key label requests inputTokens outputTokens cost } }';

  it('sums requests per model, key and day, and the costs add up to what the ledger debited', async () => {
    const before = await gw.app.get(LedgerService).balance(gw.accountId);
    const second = await createKey(gw, gw.accountId, { name: 'ci' });
    const clients = [gw.apiKey, second].map((apiKey) => new OpenAI({ apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 }));
    const calls: Array<[number, string]> = [
      [0, 'deepseek-flash'],
      [0, 'deepseek-flash'],
      [1, 'kimi-k3'],
    ];
    for (const [c, model] of calls)
      await clients[c].chat.completions.create({
        model,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hello there' }],
      });
    await gw.settle();
    await eventually(
      async () =>
        (await gw.app.get(LedgerService).balance(gw.accountId)) < before &&
        (await count(gw.dataSource, "SELECT COUNT(*) AS n FROM credit_holds WHERE request_id NOT LIKE 'lease:%'")) ===
          0,
    );

    const byModel = (await gql(SUMMARY, { g: 'MODEL' })).body.data.usageSummary;
    expect(byModel.map((b: any) => [b.key, b.requests])).toEqual([
      ['deepseek-flash', 2],
      ['kimi-k3', 1],
    ]);
    const byKey = (await gql(SUMMARY, { g: 'KEY' })).body.data.usageSummary;
    expect(byKey.map((b: any) => [b.label, b.requests]).sort()).toEqual([
      ['ci', 1],
      ['e2e', 2],
    ]);
    const byDay = (await gql(SUMMARY, { g: 'DAY' })).body.data.usageSummary;
    expect(byDay).toHaveLength(1);
    expect(byDay[0].key).toBe(new Date().toISOString().slice(0, 10));
    expect(byDay[0].requests).toBe(3);
    const micros = (s: string) => Math.round(Number(s.replace('.', '')));
    const spent = before - (await gw.app.get(LedgerService).balance(gw.accountId));
    expect(micros(byDay[0].cost)).toBe(spent);
    expect(byModel.reduce((s: number, b: any) => s + micros(b.cost), 0)).toBe(spent);
  });

  it('refuses an inverted or too long window, and signed-out callers', async () => {
    const now = Date.now();
    const inverted = await gql(SUMMARY, {
      g: 'DAY',
      from: new Date(now).toISOString(),
      to: new Date(now - 1000).toISOString(),
    });
    expect(inverted.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const long = await gql(SUMMARY, {
      g: 'DAY',
      from: new Date(now - 90 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(long.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await gql.as(null)(SUMMARY, { g: 'DAY' });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
