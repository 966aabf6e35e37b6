/**
 * Request bounds: a body nested too deeply is refused in validation with OpenAI's 400, before
 * anything is held or sent upstream, so it can neither fail a route nor cost the sender anything.
 */
import { LedgerService } from '@vipcloud/billing';
import request from 'supertest';
import { count, Fakes, fundedKey, Gateway, MODES, PROVIDER_CASES, startFakes, startGateway } from './kit';

/** `{"model":…,"messages":…,"<field>":[[[…]]]}` as raw JSON, `levels` arrays deep. */
function nestedBody(field: string, levels: number): string {
  const base = JSON.stringify({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] });
  return `${base.slice(0, -1)},"${field}":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

describe.each(MODES)('request bounds (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    gw = await startGateway(mode, fakes.env);
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  const upstreamRequests = (): number => fakes.byFlavor.get('deepseek')?.requests.length ?? 0;
  const holdsAndEntries = async (accountId: string): Promise<number[]> => [
    await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ?', [accountId]),
    await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?', [accountId]),
  ];

  it('refuses a 5,000-level array in an extra field with a 400 naming it; nothing is held or sent; the model keeps working', async () => {
    const { accountId, key } = await fundedKey(gw, 1_000_000, { prefix: 'bounds' });
    const ledger = gw.app.get(LedgerService);
    const before = await ledger.balance(accountId);
    const entriesBefore = await holdsAndEntries(accountId);
    fakes.resetAll();

    for (let i = 0; i < 3; i++) {
      const res = await request(gw.url)
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${key}`)
        .set('content-type', 'application/json')
        .send(nestedBody('extra', 5_000));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          message: "Invalid 'extra': nested too deeply (more than 64 levels).",
          type: 'invalid_request_error',
          param: 'extra',
          code: 'invalid_value',
        },
      });
    }
    expect(upstreamRequests()).toBe(0);
    await gw.settle();
    expect(await ledger.balance(accountId)).toBe(before);
    expect(await holdsAndEntries(accountId)).toEqual(entriesBefore);

    // The route was not cooled down: the next request to the same model is served.
    const ok = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.status).toBe(200);
    expect(upstreamRequests()).toBe(1);
  });

  it('names the tool whose parameters nest too deeply, and accepts a legitimately deep schema', async () => {
    const { key } = await fundedKey(gw, 1_000_000, { prefix: 'bounds' });
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { p: deep } };
    let twenty: unknown = { type: 'string' };
    for (let i = 0; i < 20; i++) twenty = { type: 'object', properties: { p: twenty } };
    const tool = (parameters: unknown) => ({ type: 'function', function: { name: 'f', parameters } });
    const messages = [{ role: 'user', content: 'hi' }];
    fakes.resetAll();

    const refused = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'deepseek-flash', messages, tools: [tool(twenty), tool(deep)] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'tools[1].function.parameters',
      code: 'invalid_value',
    });
    expect(upstreamRequests()).toBe(0);

    const served = await request(gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'deepseek-flash', messages, tools: [tool(twenty)] });
    expect(served.status).toBe(200);
    expect(upstreamRequests()).toBe(1);
  });
});
