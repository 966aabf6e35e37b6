/**
 * What happens when upstreams misbehave: failover before the first byte only, cool-downs,
 * keep-alives, stalls, broken streams and callers that hang up.
 */
import OpenAI from 'openai';
import {
  directive,
  eventually,
  Fakes,
  Gateway,
  logRow,
  MODES,
  PROVIDER_CASES,
  startFakes,
  startGateway,
  testCatalogPath,
  DUAL_ROUTE_MODEL,
  FAILOVER_PROVIDERS,
} from './kit';

const deepseek = PROVIDER_CASES.filter((c) => c.flavor === 'deepseek');

function user(content: string): OpenAI.ChatCompletionMessageParam[] {
  return [{ role: 'user', content }];
}

describe.each(MODES)('resilience (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  let client: OpenAI;

  async function boot(env: Record<string, string>, cases = deepseek, keys: Record<string, string> = {}): Promise<void> {
    fakes = await startFakes(cases, keys);
    gw = await startGateway(mode, { ...fakes.env, ...env });
    client = new OpenAI({ apiKey: gw.apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
  }
  afterEach(async () => {
    await gw?.close();
    await fakes?.close();
  });

  describe('failover across two keys of one provider', () => {
    // A 1 ms cool-down lets each case start with both routes usable again.
    beforeEach(() => boot({ ROUTE_TRANSIENT_COOLDOWN_MS: '1' }, deepseek, { DEEPSEEK: 'sk-fake,sk-fake-2' }));

    it.each(['rate_limit', 'overloaded', 'server', 'network'])(
      'moves to the next route after %s before the first byte',
      async (kind) => {
        for (const stream of [false, true]) {
          fakes.resetAll();
          const prompt = `Hi ${directive('error', `${kind}@1`)} ${directive('reply', `ok-${String(stream)}`)} ${Math.random()}`;
          const { data, response } = stream
            ? await client.chat.completions
                .create({ model: 'deepseek-flash', messages: user(prompt), stream: true })
                .withResponse()
            : await client.chat.completions.create({ model: 'deepseek-flash', messages: user(prompt) }).withResponse();
          let content = '';
          if (stream)
            for await (const c of data as AsyncIterable<OpenAI.ChatCompletionChunk>)
              content += c.choices[0]?.delta.content ?? '';
          else content = (data as OpenAI.ChatCompletion).choices[0].message.content ?? '';
          expect(content).toBe(`ok-${String(stream)}`);
          const row = await logRow(gw, response.headers.get('x-request-id') as string);
          expect(row['attempts']).toBe(2);
          expect(row['status']).toBe(200);
        }
      },
    );
  });

  it('treats an upstream 401 as ours: 502 to the caller, the route cools down and is skipped', async () => {
    fakes = await startFakes(FAILOVER_PROVIDERS, { DEEPSEEK: 'sk-revoked' });
    const catalog = testCatalogPath([DUAL_ROUTE_MODEL]);
    gw = await startGateway(mode, { ...fakes.env, MODEL_CATALOG_PATH: catalog });
    client = new OpenAI({ apiKey: gw.apiKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });

    const single = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: user('hi') })
      .catch((e: unknown) => e);
    expect(single).toBeInstanceOf(OpenAI.APIError);
    expect((single as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((single as InstanceType<typeof OpenAI.APIError>).message).not.toMatch(/api key/i);

    const { data, response } = await client.chat.completions
      .create({ model: 'dual', messages: user(`hi ${directive('reply', 'from fallback')}`) })
      .withResponse();
    expect(data.choices[0].message.content).toBe('from fallback');
    const ds = fakes.byFlavor.get('deepseek');
    const requestsBefore = ds?.requests.length;
    // deepseek is cooling down after its 401: the next request goes straight to the fallback.
    expect(requestsBefore).toBe(1);
    await client.chat.completions.create({ model: 'dual', messages: user('again') });
    expect(ds?.requests.length).toBe(requestsBefore);
    const row = await logRow(gw, response.headers.get('x-request-id') as string);
    expect(row['provider']).toBe('openai-compatible');

    const cooled = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: user('hi') })
      .catch((e: unknown) => e);
    expect((cooled as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    // Retry-After is the time until the route is back (its 60 s cool-down for a refused key), not the short
    // transient cool-down.
    const retryAfter = Number((cooled as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it.each([
    ['quota', 502],
    ['overloaded', 503],
    ['server', 502],
  ])('maps an upstream %s on the last route to %i', async (kind, status) => {
    await boot({});
    const err = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: user(directive('error', kind)) })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((err as InstanceType<typeof OpenAI.APIError>).type).toBe('api_error');
  });

  it('passes context-length errors through as the caller’s 400', async () => {
    await boot({});
    const err = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: user(directive('error', 'context')) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('context_length_exceeded');
  });

  it('tolerates keep-alives, CRLF, events split across packets and a missing [DONE]', async () => {
    await boot({});
    for (const extra of [
      directive('keepalive', 3),
      directive('crlf'),
      directive('split_packets'),
      directive('no_done'),
    ]) {
      const stream = await client.chat.completions.create({
        model: 'deepseek-flash',
        messages: user(`${extra} ${directive('reply', 'steady answer')} ${directive('chunks', 5)}`),
        stream: true,
        stream_options: { include_usage: true },
      });
      let content = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const c of stream) {
        content += c.choices[0]?.delta.content ?? '';
        usage = c.usage ?? usage;
      }
      expect(content).toBe('steady answer');
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    }
    const plain = await client.chat.completions.create({
      model: 'deepseek-flash',
      messages: user(`${directive('keepalive', 3)} ${directive('reply', 'after blank lines')}`),
    });
    expect(plain.choices[0].message.content).toBe('after blank lines');
  });

  it('ends a stalled stream with an error event; keep-alive comments are not progress', async () => {
    await boot({ UPSTREAM_IDLE_TIMEOUT_MS: '300' });
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'deepseek-flash',
        messages: user(`${directive('stall_after', 1)} ${directive('keepalive_during_stall')}`),
        stream: true,
      })
      .withResponse();
    const iterate = async (): Promise<void> => {
      for await (const _ of stream) void _;
    };
    await expect(iterate()).rejects.toThrow(/stopped sending|timed out/i);
    const row = await logRow(gw, response.headers.get('x-request-id') as string);
    expect(row['error_code']).toBe('upstream_timeout');
    expect(row['usage_source']).toBe('estimated');
    await eventually(async () => fakes.byFlavor.get('deepseek')?.openStreams === 0);
  });

  it('ends a stream cut mid-event with an error event and estimates the usage', async () => {
    await boot({});
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'deepseek-flash',
        messages: user(`${directive('cut_after', 2)} ${directive('reply', 'a fairly long answer here')}`),
        stream: true,
      })
      .withResponse();
    let content = '';
    const iterate = async (): Promise<void> => {
      for await (const c of stream) content += c.choices[0]?.delta.content ?? '';
    };
    await expect(iterate()).rejects.toThrow();
    expect(content.length).toBeGreaterThan(0);
    const row = await logRow(gw, response.headers.get('x-request-id') as string);
    expect(row['usage_source']).toBe('estimated');
    expect(Number(row['output_tokens'])).toBeGreaterThan(0);
  });

  it('aborts the upstream promptly when the caller disconnects, and meters what was generated', async () => {
    await boot({});
    const controller = new AbortController();
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          model: 'deepseek-flash',
          messages: user(`${directive('stall_after', 2)} ${directive('reply', 'never finished answer')}`),
          stream: true,
        },
        { signal: controller.signal },
      )
      .withResponse();
    let n = 0;
    // The SDK either ends the iteration quietly or throws an abort error; both are a hang-up.
    await (async () => {
      for await (const c of stream) {
        if (c.choices[0]?.delta.content) n++;
        if (n === 2) controller.abort();
      }
    })().catch((e: unknown) => expect(String(e)).toMatch(/abort/i));
    expect(n).toBe(2);
    const fake = fakes.byFlavor.get('deepseek');
    // The upstream stalls for ever after two chunks: it closes only because the gateway aborted it. The
    // wait is generous for a loaded machine (the suite runs beside the browser specs), not a speed bound.
    await eventually(async () => fake?.abortedStreams === 1 && fake.openStreams === 0, 20_000);
    const row = await logRow(gw, response.headers.get('x-request-id') as string);
    expect(row['status']).toBe(499);
    expect(row['usage_source']).toBe('estimated');
    expect(Number(row['output_tokens'])).toBeGreaterThan(0);
    expect(Number(row['cost_micros'])).toBeGreaterThan(0);
  });
});
