/**
 * Every provider's fake, through the official OpenAI SDK, streaming and not, on SQLite and on
 * MariaDB + Redis: responses arrive in OpenAI's exact shape and each request is metered.
 */
import OpenAI from 'openai';
import { directive, eventually, logRow, MODES, PROVIDER_CASES, useGatewayWithFakes } from './kit';

interface LogRow {
  id: string;
  provider: string;
  model: string;
  status: number;
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  usage_source: string;
  cost_micros: string | number;
  stream: number | boolean;
  finish_reason: string | null;
  ttfb_ms: number | null;
  attempts: number;
  client_ip: string | null;
  error_code: string | null;
}

describe.each(MODES)('providers end to end (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode);

  it('lists exactly the models that have a configured route', async () => {
    const ids = (await suite.client.models.list()).data.map((m) => m.id).sort();
    expect(ids).toEqual(
      [
        'MiniMax-M2.7',
        'MiniMax-M3',
        'deepseek-flash',
        'deepseek-v4-pro',
        'glm-4.7-flash',
        'glm-5.3',
        'glm-5.3-flash',
        'kimi-k2.6',
        'kimi-k2.7-code',
        'kimi-k3',
        'local-model',
      ].sort(),
    );
    const one = await suite.client.models.retrieve('kimi-k3');
    expect(one).toMatchObject({ id: 'kimi-k3', object: 'model', owned_by: 'moonshot' });
  });

  describe.each(PROVIDER_CASES)('$flavor', ({ flavor, model, provider }) => {
    it('answers a non-streamed request in OpenAI’s shape, with reasoning and usage', async () => {
      const prompt = `Say hi ${directive('reply', 'Hi there, friend.')} ${directive('think', 'The user greets me.')} ${directive('cached', 2)}`;
      const { data, response } = await suite.client.chat.completions
        .create({
          model,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: prompt },
          ],
          max_tokens: 100,
        })
        .withResponse();
      const requestId = response.headers.get('x-request-id') as string;
      expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
      expect(data.object).toBe('chat.completion');
      expect(data.id).toBe(`chatcmpl-${requestId.slice(4)}`);
      expect(data.model).toBe(model);
      expect(data.choices[0].message.role).toBe('assistant');
      expect(data.choices[0].message.content).toBe('Hi there, friend.');
      expect((data.choices[0].message as unknown as { reasoning_content?: string }).reasoning_content).toBe(
        'The user greets me.',
      );
      expect(data.choices[0].finish_reason).toBe('stop');
      const usage = data.usage as OpenAI.CompletionUsage;
      expect(usage.prompt_tokens).toBeGreaterThan(0);
      expect(usage.completion_tokens).toBeGreaterThan(0);
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
      if (flavor !== 'minimax') expect(usage.prompt_tokens_details?.cached_tokens).toBe(2);
      if (flavor !== 'moonshot' && flavor !== 'zhipu')
        expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);

      const row = await logRow<LogRow>(suite.gw, requestId);
      expect(row).toMatchObject({
        provider,
        model,
        status: 200,
        usage_source: 'upstream',
        finish_reason: 'stop',
        attempts: 1,
      });
      expect(row.input_tokens).toBe(usage.prompt_tokens);
      expect(row.output_tokens).toBe(usage.completion_tokens);
      expect(Number(row.cost_micros)).toBeGreaterThan(0);
      expect(row.client_ip).toBe('127.0.0.0/24');
      expect(row.ttfb_ms).not.toBeNull();
    });

    it('streams chunks as they come, with the usage chunk when asked for', async () => {
      const prompt = `Count ${directive('reply', 'one two three four five six')} ${directive('think', 'Counting slowly.')} ${directive('chunks', 4)}`;
      const { data: stream, response } = await suite.client.chat.completions
        .create({
          model,
          messages: [{ role: 'user', content: prompt }],
          stream: true,
          stream_options: { include_usage: true },
        })
        .withResponse();
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      let content = '';
      let reasoning = '';
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk);
        for (const c of chunk.choices) {
          content += c.delta.content ?? '';
          reasoning += (c.delta as { reasoning_content?: string }).reasoning_content ?? '';
        }
      }
      expect(content).toBe('one two three four five six');
      expect(reasoning).toBe('Counting slowly.');
      const last = chunks[chunks.length - 1];
      expect(last.choices).toEqual([]);
      expect(last.usage?.completion_tokens).toBeGreaterThan(0);
      expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
      expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      const row = await logRow<LogRow>(suite.gw, response.headers.get('x-request-id') as string);
      expect(row).toMatchObject({ provider, status: 200, usage_source: 'upstream' });
      expect(row.output_tokens).toBe(last.usage?.completion_tokens);
    });

    it('streams without a usage chunk when not asked, and still meters the upstream’s usage', async () => {
      const { data: stream, response } = await suite.client.chat.completions
        .create({
          model,
          messages: [{ role: 'user', content: `Hello ${directive('reply', 'Hello back')}` }],
          stream: true,
        })
        .withResponse();
      let content = '';
      for await (const chunk of stream) {
        expect(chunk.usage).toBeUndefined();
        content += chunk.choices[0]?.delta.content ?? '';
      }
      expect(content).toBe('Hello back');
      const row = await logRow<LogRow>(suite.gw, response.headers.get('x-request-id') as string);
      expect(row.usage_source).toBe('upstream');
      expect(row.output_tokens).toBeGreaterThan(0);
    });

    it('normalises a pre-generation refusal to a 400 content_filter and records the signal', async () => {
      const err = await suite.client.chat.completions
        .create({ model, messages: [{ role: 'user', content: `Something bad ${directive('error', 'refusal')}` }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('content_filter');
      const requestId =
        (err as InstanceType<typeof OpenAI.APIError>).requestID ??
        (err as InstanceType<typeof OpenAI.APIError>).headers?.get('x-request-id');
      const signals = await eventually(async () => {
        await suite.gw.settle();
        const rows: Array<{ stage: string; provider: string; request_id: string }> = await suite.gw.dataSource.query(
          'SELECT * FROM abuse_signals WHERE request_id = ?',
          [requestId],
        );
        return rows.length > 0 ? rows : null;
      });
      expect(signals[0]).toMatchObject({ stage: 'input', provider });
      const row = await logRow<LogRow>(suite.gw, requestId as string);
      expect(row).toMatchObject({ status: 400, error_code: 'content_filter' });
      expect(Number(row.cost_micros)).toBe(0);
    });

    it('normalises an output-side refusal to finish_reason content_filter', async () => {
      const res = await suite.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: `Go on ${directive('error', 'refusal_output')}` }],
      });
      expect(res.choices[0].finish_reason).toBe('content_filter');
      const stream = await suite.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: `Go on ${directive('error', 'refusal_output')}` }],
        stream: true,
      });
      const reasons: Array<string | null> = [];
      for await (const chunk of stream) for (const c of chunk.choices) reasons.push(c.finish_reason);
      expect(reasons[reasons.length - 1]).toBe('content_filter');
    });

    it('ends a stream whose upstream fails mid-way with an error event, without retrying', async () => {
      const stream = await suite.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: `Start ${directive('error', 'midstream_error')}` }],
        stream: true,
      });
      const received: string[] = [];
      const iterate = async (): Promise<void> => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      };
      await expect(iterate()).rejects.toThrow();
      expect(received.join('').length).toBeGreaterThan(0);
      expect(suite.fakes.byFlavor.get(flavor)?.requests.length).toBe(1);
    });
  });
});
