import { performance } from 'node:perf_hooks';
import type { Channel } from '../catalog/model-catalog.service';
import { TokenEstimator } from '../metering/token-estimator';
import type { ChatRequest } from './chat-request.schema';
import type { ChoiceDelta, ParsedChoice } from '../providers/provider-adapter';
import { generatedText, RequestContext, RequestRun } from './request-run.state';

const price = { input: 1_000_000, cachedInput: 100_000, output: 2_000_000 };
const channel: Channel = {
  id: 'deepseek#0:deepseek-flash',
  keyId: 'deepseek#0',
  provider: 'deepseek',
  baseUrl: 'http://127.0.0.1:1',
  apiKey: 'sk-test',
  upstreamModel: 'deepseek-flash',
  priority: 1,
  weight: 1,
};
const args = '{"city":"Paris","unit":"celsius","days":3}';

/** One answer with thinking, text and a tool call, whole… */
const whole: ParsedChoice[] = [
  {
    index: 0,
    finishReason: 'tool_calls',
    message: {
      role: 'assistant',
      content: 'Let me look that up.',
      reasoning_content: 'The user wants the weather; call the tool.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } }],
      refusal: null,
    },
  },
];
/** …and the same answer as a stream delivers it: tool-call arguments arrive in pieces after the name. */
const streamed: ChoiceDelta[][] = [
  [{ index: 0, finishReason: null, delta: { role: 'assistant', content: '' } }],
  [{ index: 0, finishReason: null, delta: { content: null, reasoning_content: 'The user wants the weather; ' } }],
  [{ index: 0, finishReason: null, delta: { reasoning_content: 'call the tool.' } }],
  [{ index: 0, finishReason: null, delta: { content: 'Let me look ' } }],
  [{ index: 0, finishReason: null, delta: { content: 'that up.' } }],
  [
    {
      index: 0,
      finishReason: null,
      delta: {
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      },
    },
  ],
  [{ index: 0, finishReason: null, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(0, 15) } }] } }],
  [{ index: 0, finishReason: null, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(15) } }] } }],
  [{ index: 0, finishReason: 'tool_calls', delta: {} }],
];

describe('RequestRun', () => {
  const estimator = new TokenEstimator();
  beforeAll(() => estimator.ready());
  const prompt: ChatRequest = { model: 'deepseek-flash', messages: [{ role: 'user', content: 'Weather in Paris?' }] };
  const ctx = (requestId: string): RequestContext => ({
    requestId,
    auth: { keyId: 'key-1', accountId: 'acct-1', expiresAtMs: null, allowedModels: null },
    clientIp: null,
    startedAt: 0,
  });
  const run = (stream: boolean): RequestRun => {
    const r = new RequestRun(ctx(stream ? 'req_s' : 'req_w'), 'deepseek-flash', stream, estimator);
    r.prompt = prompt;
    r.startAttempt(channel);
    r.produced = true;
    return r;
  };

  it('counts content, reasoning and tool-call arguments as generated text', () => {
    expect(generatedText(whole[0].message)).toBe(
      `The user wants the weather; call the tool.Let me look that up.${args}`,
    );
    expect(generatedText({ tool_calls: [{ index: 0 }, { index: 1, function: { arguments: 'x' } }] })).toBe('x');
    expect(generatedText({})).toBe('');
  });

  it('estimates the same usage and cost for the same answer streamed and whole, tool calls included', () => {
    const w = run(false);
    for (const c of whole) w.addGenerated(c.message);
    const s = run(true);
    for (const event of streamed) for (const c of event) s.addGenerated(c.delta);

    const [wholeRow, streamRow] = [w.logRow(price, new Date(0), 'v1'), s.logRow(price, new Date(0), 'v1')];
    const figures = (row: typeof wholeRow) => ({
      usageSource: row.usageSource,
      inputTokens: row.inputTokens,
      cachedTokens: row.cachedTokens,
      outputTokens: row.outputTokens,
      reasoningTokens: row.reasoningTokens,
      costMicros: row.costMicros,
    });
    expect(figures(wholeRow)).toEqual(figures(streamRow));
    expect(wholeRow.usageSource).toBe('estimated');
    expect(wholeRow.inputTokens).toBe(estimator.estimatePrompt(prompt));
    // The arguments are part of what was generated, and paid for.
    expect(wholeRow.outputTokens).toBe(estimator.count(generatedText(whole[0].message)));
    expect(wholeRow.outputTokens).toBeGreaterThan(
      estimator.count('The user wants the weather; call the tool.Let me look that up.'),
    );
    expect(wholeRow.stream).toBe(false);
    expect(streamRow.stream).toBe(true);
  });

  it("uses the upstream's usage when it came, and the estimate once otherwise", () => {
    const r = run(false);
    r.addGenerated({ content: 'hello there' });
    const first = r.usageOrEstimate();
    expect(first.source).toBe('estimated');
    expect(r.usageOrEstimate().usage).toBe(first.usage);
    r.usage = { inputTokens: 5, cachedTokens: 1, outputTokens: 7, reasoningTokens: 2 };
    expect(r.usageOrEstimate()).toEqual({ usage: r.usage, source: 'upstream' });
  });

  it('loads the tokeniser only for a request whose usage must be estimated', async () => {
    const fresh = { ready: jest.fn(() => Promise.resolve()), count: () => 1, estimatePrompt: () => 1 };
    const reported = new RequestRun(ctx('req_u'), 'deepseek-flash', false, fresh as unknown as TokenEstimator);
    reported.produced = true;
    reported.usage = { inputTokens: 5, cachedTokens: 0, outputTokens: 7, reasoningTokens: 0 };
    expect(reported.needsEstimate).toBe(false);
    await reported.prepareEstimate();
    expect(fresh.ready).not.toHaveBeenCalled();

    const missing = new RequestRun(ctx('req_m'), 'deepseek-flash', false, fresh as unknown as TokenEstimator);
    missing.addGenerated({ content: 'hello' });
    expect(missing.needsEstimate).toBe(true);
    await missing.prepareEstimate();
    expect(fresh.ready).toHaveBeenCalledTimes(1);
    expect(missing.usageOrEstimate().source).toBe('estimated');
    expect(missing.needsEstimate).toBe(false);
  });

  it('records the latency at the end, not when metering gets to it (an estimate may load the tokeniser first)', () => {
    const now = jest.spyOn(performance, 'now');
    try {
      const r = run(false);
      now.mockReturnValue(120.4);
      r.ended();
      now.mockReturnValue(900);
      expect(r.logRow(price, new Date(0), 'v1').latencyMs).toBe(120);
    } finally {
      now.mockRestore();
    }
  });

  it('records nothing used when nothing was produced', () => {
    const r = new RequestRun(ctx('req_n'), 'deepseek-flash', false, estimator);
    r.failed(502, 'upstream_error');
    const row = r.logRow(price, new Date(0), 'v1');
    expect(row).toMatchObject({
      usageSource: 'none',
      outputTokens: 0,
      inputTokens: 0,
      costMicros: 0,
      attempts: 0,
      provider: null,
      route: null,
    });
  });

  it('builds the metadata row: failed requests cost nothing, a caller who left pays for what was generated', () => {
    const failed = run(true);
    failed.addGenerated({ content: 'partial answer' });
    failed.failed(502, 'upstream_error');
    expect(failed.logRow(price, new Date(0), 'v1')).toMatchObject({
      status: 502,
      errorCode: 'upstream_error',
      costMicros: 0,
    });

    const left = run(true);
    left.addGenerated({ content: 'partial answer' });
    left.clientClosed();
    left.finishReason = 'x'.repeat(40);
    const row = left.logRow(price, new Date(5), 'v7');
    expect(row).toMatchObject({
      id: 'req_s',
      accountId: 'acct-1',
      apiKeyId: 'key-1',
      model: 'deepseek-flash',
      provider: 'deepseek',
      route: channel.id,
      attempts: 1,
      status: 499,
      errorCode: 'client_closed',
      catalogVersion: 'v7',
      priceInputMicros: price.input,
      priceCachedMicros: price.cachedInput,
      priceOutputMicros: price.output,
    });
    expect(row.finishReason).toHaveLength(32);
    expect(row.costMicros).toBeGreaterThan(0);
  });
});
