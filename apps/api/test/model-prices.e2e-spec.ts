/**
 * Operators' model prices: an edit applies to requests that start after it (on this instance at
 * once, on others within PRICE_CACHE_MS), never to a request already running — its hold, its cost
 * and its metadata row keep the price it started with. Admin GraphQL and the CLI set them.
 */
import { CreditsService, priceSnapshot } from '@vipcloud/billing';
import OpenAI from 'openai';
import request from 'supertest';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  directive,
  eventually,
  Fakes,
  Gateway,
  graphql,
  logRow,
  MODES,
  PROVIDER_CASES,
  signedInAccount,
  startFakes,
  startGateway,
  testCatalogPath,
} from './kit';

const PRICE_CACHE_MS = 1000;
const ROUTES = [{ provider: 'deepseek', upstreamModel: 'deepseek-flash', priority: 1, weight: 1 }];
/** Input free, 1 micro-USD per output token: a cost at this price is the output token count. */
const OLD_PRICE = { input: 0, cachedInput: 0, output: 1_000_000 };
const priced = (id: string): unknown => ({
  id,
  ownedBy: 'vipcloud',
  contextWindow: 65536,
  maxOutputTokens: 1000,
  price: OLD_PRICE,
  routes: ROUTES,
});
/** One model per scenario, so no scenario sees another's edit. */
const MODELS = {
  inFlight: 'priced-in-flight',
  elsewhere: 'priced-elsewhere',
  admin: 'priced-admin',
  cli: 'priced-cli',
};

interface LogRow {
  status: number;
  input_tokens: number;
  output_tokens: number;
  cost_micros: string | number;
  price_input_micros: string | number;
  price_cached_micros: string | number;
  price_output_micros: string | number;
}

describe.each(MODES)('model prices (%s)', (mode) => {
  let fakes: Fakes;
  let catalogPath: string;
  let gw: Gateway;
  /** A second instance on the same database (MySQL mode only; SQLite is one process). */
  let other: Gateway | null = null;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    catalogPath = testCatalogPath(Object.values(MODELS).map(priced));
    const env = { ...fakes.env, MODEL_CATALOG_PATH: catalogPath, PRICE_CACHE_MS: String(PRICE_CACHE_MS) };
    gw = await startGateway(mode, env);
    if (gw.databaseUrl) other = await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl });
  });
  afterAll(async () => {
    await other?.close();
    await gw?.close();
    await fakes?.close();
  });

  const session = (g: Gateway, role: 'user' | 'admin') => signedInAccount(g, { prefix: role, role });
  const gql = (g: Gateway, query: string, variables?: Record<string, unknown>, token?: string): request.Test =>
    graphql(g, token)(query, variables);
  const SET =
    'mutation($input: SetModelPriceInput!) { setModelPrice(input: $input) { model price { input cachedInput output } catalogPrice { input cachedInput output } overridden updatedAt updatedBy } }';
  const LIST = '{ modelPrices { model price { input cachedInput output } overridden updatedAt updatedBy } }';

  async function cli(...argv: string[]): Promise<string[]> {
    // The CLI works on the running gateway's database: its SQLite file, or its MySQL database.
    const config = cliConfig(gw, { MODEL_CATALOG_PATH: catalogPath });
    const out: string[] = [];
    await runCli(argv, config, (l) => out.push(l));
    return out;
  }

  /** A non-streamed request and the metadata row it left. */
  async function ask(g: Gateway, model: string): Promise<{ id: string; row: LogRow }> {
    const res = await request(g.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${g.apiKey}`)
      .send({
        model,
        max_tokens: 200,
        messages: [{ role: 'user', content: `say ${directive('reply', 'one two three four five')}` }],
      });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    return { id, row: await logRow<LogRow>(g, id) };
  }

  const rowPrice = (row: LogRow): { input: number; cachedInput: number; output: number } => ({
    input: Number(row.price_input_micros),
    cachedInput: Number(row.price_cached_micros),
    output: Number(row.price_output_micros),
  });

  /** What the owner's usage aggregates hold for a model at a price (no entry names a request). */
  async function usageCharged(
    g: Gateway,
    model: string,
    price: { input: number; cachedInput: number; output: number },
  ) {
    await g.settle();
    const rows: Array<{ amount_micros: string | number }> = await g.dataSource.query(
      "SELECT amount_micros FROM ledger_entries WHERE account_id = ? AND kind = 'usage' AND price_snapshot = ?",
      [g.accountId, priceSnapshot(model, price)],
    );
    return rows.reduce((sum, r) => sum + Number(r.amount_micros), 0);
  }

  it('bills a stream started before an edit at the old price, and a request started after it at the new one', async () => {
    const admin = await session(gw, 'admin');
    const client = new OpenAI({ apiKey: gw.apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: MODELS.inFlight,
        max_tokens: 200,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          {
            role: 'user',
            content: `go ${directive('reply', 'alpha beta gamma delta epsilon zeta eta theta')} ${directive('chunks', 6)} ${directive('delay_ms', 250)}`,
          },
        ],
      })
      .withResponse();
    const streamId = response.headers.get('x-request-id') as string;
    const chunks = stream[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false); // the request is running: its price is taken

    // 1 USD input, 0.5 cached, 3 USD output per 1M tokens, from now on.
    const set = await gql(
      gw,
      SET,
      { input: { model: MODELS.inFlight, input: '1', cachedInput: '0.5', output: '3' } },
      admin.token,
    );
    expect(set.body.data.setModelPrice.price).toEqual({
      input: '1.000000',
      cachedInput: '0.500000',
      output: '3.000000',
    });

    // The running request's hold is still 200 output tokens at the old price.
    expect(gw.app.get(CreditsService).holdOf(streamId)).toBe(200);

    // A request that starts now pays the new price, while the stream is still running.
    const after = await ask(gw, MODELS.inFlight);
    let usage: OpenAI.CompletionUsage | null | undefined;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) usage = next.value.usage ?? usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    const streamRow = await logRow<LogRow>(gw, streamId);
    expect(streamRow.status).toBe(200);
    expect(rowPrice(streamRow)).toEqual(OLD_PRICE);
    expect(Number(streamRow.cost_micros)).toBe(streamRow.output_tokens);
    expect(streamRow.output_tokens).toBe(usage?.completion_tokens);
    // Each price has its own usage aggregate: the stream's charge is under the old one.
    expect(await usageCharged(gw, MODELS.inFlight, OLD_PRICE)).toBe(-streamRow.output_tokens);

    expect(rowPrice(after.row)).toEqual({ input: 1_000_000, cachedInput: 500_000, output: 3_000_000 });
    const newCost = after.row.input_tokens + 3 * after.row.output_tokens;
    expect(newCost).toBeGreaterThan(after.row.output_tokens);
    expect(Number(after.row.cost_micros)).toBe(newCost);
    expect(await usageCharged(gw, MODELS.inFlight, { input: 1_000_000, cachedInput: 500_000, output: 3_000_000 })).toBe(
      -newCost,
    );
  });

  it('reaches another instance’s new requests within PRICE_CACHE_MS', async () => {
    // MySQL: a second API instance on the same database. SQLite: the CLI, writing the running
    // instance's file from another application context, stands in for the other writer.
    const observer = other ?? gw;
    expect(rowPrice((await ask(observer, MODELS.elsewhere)).row)).toEqual(OLD_PRICE);
    if (other) {
      const admin = await session(gw, 'admin');
      const set = await gql(
        gw,
        SET,
        { input: { model: MODELS.elsewhere, input: '0', cachedInput: '0', output: '2' } },
        admin.token,
      );
      expect(set.body.data.setModelPrice.overridden).toBe(true);
    } else {
      await cli('prices:set', '--model', MODELS.elsewhere, '--input', '0', '--cached-input', '0', '--output', '2');
    }
    const editedAt = Date.now();
    const row = await eventually(async () => {
      const { row: r } = await ask(observer, MODELS.elsewhere);
      return Number(r.price_output_micros) === 2_000_000 ? r : null;
    }, PRICE_CACHE_MS + 4000);
    expect(Date.now() - editedAt).toBeLessThan(PRICE_CACHE_MS + 2000);
    expect(Number(row.cost_micros)).toBe(2 * row.output_tokens);
  });

  it('lets only admins see and set prices over GraphQL, refusing bad input and unknown models', async () => {
    const user = await session(gw, 'user');
    const admin = await session(gw, 'admin');
    const good = { model: MODELS.admin, input: '0.5', cachedInput: '0.25', output: '2' };

    expect((await gql(gw, LIST)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const [query, variables] of [
      [SET, { input: good }],
      [LIST, undefined],
    ] as const) {
      const res = await gql(gw, query, variables, user.token);
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const stored = async (): Promise<unknown[]> =>
      gw.dataSource.query('SELECT * FROM model_prices WHERE model_id = ?', [MODELS.admin]);
    expect(await stored()).toEqual([]);

    const set = await gql(gw, SET, { input: good }, admin.token);
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.setModelPrice).toEqual({
      model: MODELS.admin,
      price: { input: '0.500000', cachedInput: '0.250000', output: '2.000000' },
      catalogPrice: { input: '0.000000', cachedInput: '0.000000', output: '1.000000' },
      overridden: true,
      updatedAt: expect.any(String),
      updatedBy: `operator:${admin.accountId}`,
    });
    const before = await stored();
    expect(before).toHaveLength(1);

    const listed = (await gql(gw, LIST, undefined, admin.token)).body.data.modelPrices as Array<{
      model: string;
      overridden: boolean;
      updatedBy: string | null;
    }>;
    expect(listed.find((p) => p.model === MODELS.admin)).toMatchObject({
      overridden: true,
      updatedBy: `operator:${admin.accountId}`,
    });
    expect(listed.find((p) => p.model === 'deepseek-flash')).toEqual({
      model: 'deepseek-flash',
      price: { input: '0.300000', cachedInput: '0.006000', output: '1.200000' },
      overridden: false,
      updatedAt: null,
      updatedBy: null,
    });

    // The public model list shows what new requests pay.
    const models = (
      await gql(
        gw,
        '{ models { id price { inputMicrosPerMillion cachedInputMicrosPerMillion outputMicrosPerMillion } } }',
      )
    ).body.data.models as Array<{ id: string; price: unknown }>;
    expect(models.find((m) => m.id === MODELS.admin)?.price).toEqual({
      inputMicrosPerMillion: 500_000,
      cachedInputMicrosPerMillion: 250_000,
      outputMicrosPerMillion: 2_000_000,
    });

    for (const bad of [
      { cachedInput: '0.6' }, // above the input price
      { input: '-1' },
      { output: '0.1234567' },
      { input: 'abc' },
      { output: '1e3' },
      { output: '2147.483648' },
    ]) {
      const res = await gql(gw, SET, { input: { ...good, ...bad } }, admin.token);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_price' });
    }
    const missing = await gql(gw, SET, { input: { ...good, model: 'gpt-nonexistent' } }, admin.token);
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'model_not_found' });
    expect(await stored()).toEqual(before);
    const again = (await gql(gw, LIST, undefined, admin.token)).body.data.modelPrices as Array<{
      model: string;
      price: unknown;
    }>;
    expect(again.find((p) => p.model === MODELS.admin)?.price).toEqual({
      input: '0.500000',
      cachedInput: '0.250000',
      output: '2.000000',
    });
    expect(rowPrice((await ask(gw, MODELS.admin)).row)).toEqual({
      input: 500_000,
      cachedInput: 250_000,
      output: 2_000_000,
    });
  });

  it('sets and lists prices from the CLI, exactly, and the running instance applies them', async () => {
    const [line] = await cli(
      'prices:set',
      '--model',
      MODELS.cli,
      '--input',
      '0.1',
      '--cached-input',
      '0.05',
      '--output',
      '0.4',
    );
    expect(line).toBe(
      `${MODELS.cli}: input 0.100000, cached input 0.050000, output 0.400000 USD per 1M tokens, for new requests`,
    );
    const listed = await cli('prices:list');
    expect(listed[0]).toBe('model\tinput\tcached input\toutput\tset by');
    expect(listed.find((l) => l.startsWith(`${MODELS.cli}\t`))).toMatch(
      new RegExp(`^${MODELS.cli}\\t0\\.100000\\t0\\.050000\\t0\\.400000\\t\\* cli \\d{4}-\\d\\d-\\d\\dT`),
    );
    expect(listed).toContain('deepseek-flash\t0.300000\t0.006000\t1.200000\tcatalog');

    await expect(
      cli('prices:set', '--model', MODELS.cli, '--input', '0.1', '--cached-input', '0.2', '--output', '1'),
    ).rejects.toThrow(/cached input price cannot be above/);
    await expect(
      cli('prices:set', '--model', MODELS.cli, '--input', '0.1', '--cached-input', '0', '--output', '-1'),
    ).rejects.toThrow(/cannot be negative/);
    await expect(
      cli('prices:set', '--model', 'gpt-nonexistent', '--input', '1', '--cached-input', '0', '--output', '1'),
    ).rejects.toThrow(/no model 'gpt-nonexistent'/);
    expect((await cli('prices:list')).find((l) => l.startsWith(`${MODELS.cli}\t`))).toMatch(
      /\t0\.100000\t0\.050000\t0\.400000\t/,
    );

    const row = await eventually(async () => {
      const { row: r } = await ask(gw, MODELS.cli);
      return Number(r.price_output_micros) === 400_000 ? r : null;
    }, PRICE_CACHE_MS + 4000);
    expect(rowPrice(row)).toEqual({ input: 100_000, cachedInput: 50_000, output: 400_000 });
  });
});
