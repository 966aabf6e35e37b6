/**
 * The hold covers what providers bill besides message text: an upstream that bills tool
 * definitions as input (as real ones do) cannot take an account below zero.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LedgerService } from '@vipcloud/billing';
import request from 'supertest';
import { count, eventually, fundedKey, Gateway, MODES, startGateway, testCatalogPath } from './kit';

/** Priced like deepseek-flash, served by the generic provider pointed at the upstream below. */
const TOOL_BILLED = {
  id: 'tool-billed',
  ownedBy: 'vipcloud',
  contextWindow: 1_048_576,
  maxOutputTokens: 8192,
  price: { input: 300_000, cachedInput: 6_000, output: 1_200_000 },
  routes: [{ provider: 'openai-compatible', upstreamModel: 'tool-billed-upstream', priority: 1, weight: 1 }],
};

/**
 * An OpenAI-compatible upstream that bills messages and tool definitions at 4 bytes a token, as a
 * provider rendering them into its prompt would.
 */
async function startBillingUpstream(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let seen = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messages: unknown;
        tools?: unknown;
        max_tokens?: number;
      };
      const prompt = Math.ceil(Buffer.byteLength(JSON.stringify([body.messages, body.tools ?? []])) / 4);
      const completion = Math.min(body.max_tokens ?? 16, 16);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: `chatcmpl-${seen}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'tool-billed-upstream',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** About 370 KB of ordinary tool definitions. */
function toolDefinitions(): unknown[] {
  return Array.from({ length: 200 }, (_, i) => ({
    type: 'function',
    function: {
      name: `tool_${i}`,
      description: `Looks up record ${i} in the inventory and returns its fields. `.repeat(26),
      parameters: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'The record id, as returned by the search tool.' },
          fields: { type: 'array', items: { type: 'string' }, description: 'Which fields to return.' },
        },
        required: ['id'],
      },
    },
  }));
}

describe.each(MODES)('the hold covers tool definitions (%s)', (mode) => {
  let upstream: Awaited<ReturnType<typeof startBillingUpstream>>;
  let gw: Gateway;

  beforeAll(async () => {
    upstream = await startBillingUpstream();
    gw = await startGateway(mode, {
      MODEL_CATALOG_PATH: testCatalogPath([TOOL_BILLED]),
      OPENAI_COMPATIBLE_BASE_URL: upstream.url,
      OPENAI_COMPATIBLE_API_KEY: 'sk-local',
    });
  });
  afterAll(async () => {
    await gw?.close();
    await upstream?.close();
  });

  it('refuses 5 parallel requests with ~370 KB of tools on a 0.01 USD account; the balance never goes below zero', async () => {
    const funded = 10_000; // 0.01 USD
    const { accountId, key } = await fundedKey(gw, funded, { prefix: 'hold' });
    const tools = toolDefinitions();
    const body = { model: 'tool-billed', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], tools };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(360_000);

    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(gw.url).post('/v1/chat/completions').set('authorization', `Bearer ${key}`).send(body),
      ),
    );
    // One such request costs about 0.028 USD (≈93k tokens billed): the balance covers none of them.
    for (const res of results) {
      expect(res.status).toBe(402);
      expect(res.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    }
    expect(upstream.requests()).toBe(0);

    await eventually(
      async () =>
        (await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM credit_holds WHERE account_id = ?', [accountId])) === 0,
    );
    await gw.settle();
    const balance = await gw.app.get(LedgerService).balance(accountId);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBe(funded);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('still serves the same request to an account that can pay for it, and bills what the upstream reports', async () => {
    const funded = 1_000_000; // 1 USD
    const { accountId, key } = await fundedKey(gw, funded, { prefix: 'hold' });
    const body = {
      model: 'tool-billed',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
      tools: toolDefinitions(),
    };
    const res = await request(gw.url).post('/v1/chat/completions').set('authorization', `Bearer ${key}`).send(body);
    expect(res.status).toBe(200);
    const { prompt_tokens: prompt, completion_tokens: completion } = res.body.usage as Record<string, number>;
    const cost = Math.ceil((prompt * 300_000 + completion * 1_200_000) / 1_000_000);
    // Settlements are committed in batches: flush them.
    await gw.settle();
    expect(await gw.app.get(LedgerService).balance(accountId)).toBe(funded - cost);
  });
});
