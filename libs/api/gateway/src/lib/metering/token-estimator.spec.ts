import { getEncoding } from 'js-tiktoken';
import type { ChatRequest } from '../chat/chat-request.schema';
import { IMAGE_TOKENS_BOUND, TokenEstimator } from './token-estimator';

const o200k = getEncoding('o200k_base');
const tokens = (text: string): number => o200k.encode(text).length;
const jsonTokens = (value: unknown): number => tokens(JSON.stringify(value));

/** Random digits between spaces: one token a byte, the densest text there is. */
function dense(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += `${(i * 7919) % 10} `;
  return s;
}

const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

describe('TokenEstimator.countPrompt', () => {
  const estimator = new TokenEstimator();
  beforeAll(() => estimator.onModuleInit());
  const prompt = (request: ChatRequest) => estimator.countPrompt(request);
  /** What adding something to the request adds to each figure. */
  const added = (request: ChatRequest) => {
    const a = prompt(base);
    const b = prompt(request);
    return { estimate: b.estimate - a.estimate, bound: b.bound - a.bound };
  };

  it('counts message text exactly, with framing, in both figures', () => {
    expect(prompt(base)).toEqual({ estimate: 3 + 3 + tokens('Hi'), bound: 3 + 3 + tokens('Hi') });
    const text = 'The quick brown fox jumps over the lazy dog.';
    expect(added({ ...base, messages: [...base.messages, { role: 'user', content: text }] })).toEqual({
      estimate: 3 + tokens(text),
      bound: 3 + tokens(text),
    });
  });

  it('counts text parts of array content', () => {
    const parts = [
      { type: 'text' as const, text: 'Look at' },
      { type: 'text' as const, text: ' this' },
    ];
    expect(added({ ...base, messages: [{ role: 'user', content: parts }] }).bound).toBe(
      tokens('Look at') + tokens(' this') - tokens('Hi'),
    );
  });

  it('bounds tool definitions by their bytes, even the densest ones', () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: dense(4_000),
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const { estimate, bound } = added({ ...base, tools });
    expect(bound).toBe(Buffer.byteLength(JSON.stringify(tools)));
    expect(bound).toBeGreaterThanOrEqual(jsonTokens(tools));
    expect(estimate).toBe(Math.ceil(bound / 4));
  });

  it('bounds assistant tool calls: ids, names and arguments', () => {
    const toolCalls = [
      {
        id: 'call_1',
        type: 'function' as const,
        function: { name: 'lookup', arguments: JSON.stringify({ q: dense(2_000) }) },
      },
    ];
    const { bound } = added({
      ...base,
      messages: [...base.messages, { role: 'assistant', content: null, tool_calls: toolCalls }],
    });
    expect(bound).toBe(3 + Buffer.byteLength(JSON.stringify(toolCalls)));
    expect(bound).toBeGreaterThan(jsonTokens(toolCalls));
  });

  it('counts tool results and their call id', () => {
    const result = 'Sunny, 21 degrees in Lisbon.';
    expect(
      added({ ...base, messages: [...base.messages, { role: 'tool', tool_call_id: 'call_1', content: result }] }).bound,
    ).toBe(3 + tokens(result) + tokens('call_1') + 1);
  });

  it('holds a fixed bound per image, whatever the URL', () => {
    const image = (url: string) => ({ type: 'image_url', image_url: { url, detail: 'high' } });
    const dataUrl = `data:image/png;base64,${'A'.repeat(200_000)}`;
    const { bound, estimate } = added({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, image('https://x/a.png'), image(dataUrl)] }],
    });
    expect(bound).toBe(2 * IMAGE_TOKENS_BOUND);
    expect(estimate).toBe(2 * IMAGE_TOKENS_BOUND);
    // OpenAI's high-detail maximum: 85 + 170 per 512 px tile, 8 tiles at most (768 × 2048).
    expect(IMAGE_TOKENS_BOUND).toBeGreaterThanOrEqual(85 + 8 * 170);
  });

  it('bounds response_format JSON schemas', () => {
    const responseFormat = {
      type: 'json_schema',
      json_schema: {
        name: 'answer',
        schema: { type: 'object', properties: { a: { type: 'array', items: { type: 'integer' } } } },
      },
    };
    const { bound } = added({ ...base, response_format: responseFormat });
    expect(bound).toBe(Buffer.byteLength(JSON.stringify(responseFormat)));
    expect(bound).toBeGreaterThanOrEqual(jsonTokens(responseFormat));
  });

  it('counts name fields', () => {
    expect(added({ ...base, messages: [{ role: 'user', content: 'Hi', name: 'alice_smith' }] }).bound).toBe(
      tokens('alice_smith') + 1,
    );
  });

  it('counts assistant reasoning sent back', () => {
    expect(
      added({
        ...base,
        messages: [...base.messages, { role: 'assistant', content: 'ok', reasoning_content: 'Think.' }],
      }).bound,
    ).toBe(3 + tokens('ok') + tokens('Think.') + 1);
  });

  it('bounds pass-through fields, other content parts and legacy functions by their bytes', () => {
    const audio = { type: 'input_audio', input_audio: { data: 'UklGR'.repeat(100), format: 'wav' } };
    const documents = [{ title: 'Doc', text: dense(1_000) }];
    const functions = [{ name: 'f', parameters: { type: 'object' } }];
    const request = {
      ...base,
      messages: [{ role: 'user' as const, content: [audio] }],
      documents,
      functions,
    } as ChatRequest;
    const expected =
      Buffer.byteLength(JSON.stringify(audio)) +
      Buffer.byteLength(JSON.stringify(documents)) +
      Buffer.byteLength(JSON.stringify(functions)) -
      tokens('Hi');
    expect(added(request).bound).toBe(expected);
  });

  it('bounds long text by its bytes, not 4 bytes a token', () => {
    const long = dense(40_000);
    const { bound, estimate } = added({ ...base, messages: [{ role: 'user', content: long }] });
    expect(bound).toBe(Buffer.byteLength(long) - tokens('Hi'));
    expect(bound).toBeGreaterThanOrEqual(tokens(long) - tokens('Hi'));
    expect(estimate).toBeLessThan(bound);
  });

  it('leaves sampling settings and limits out', () => {
    expect(
      prompt({
        ...base,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 50,
        temperature: 0.5,
        top_p: 1,
        n: 1,
        stop: ['x'],
        user: 'u1',
        seed: 3,
        parallel_tool_calls: false,
      } as ChatRequest),
    ).toEqual(prompt(base));
  });

  it('caps the bound at the context window (a longer prompt is refused, not billed)', () => {
    const request = { ...base, tools: [{ type: 'function', function: { name: 'f', description: dense(10_000) } }] };
    expect(estimator.countPrompt(request, 4_096).bound).toBe(4_096);
    expect(estimator.countPrompt(request, 1_000_000).bound).toBe(prompt(request).bound);
  });

  it('never estimates above the bound for typical requests', () => {
    const request: ChatRequest = {
      ...base,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      response_format: { type: 'json_object' },
    };
    const { estimate, bound } = prompt(request);
    expect(estimate).toBeLessThanOrEqual(bound);
  });
});
