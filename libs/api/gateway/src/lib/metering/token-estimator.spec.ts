import { getEncoding } from 'js-tiktoken';
import type { ChatRequest } from '../chat/chat-request.schema';
import { IMAGE_TOKENS_BOUND, TokenEstimator } from './token-estimator';

const o200k = getEncoding('o200k_base');
const tokens = (text: string): number => o200k.encode(text).length;
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const jsonBytes = (value: unknown): number => bytes(JSON.stringify(value));
const jsonTokens = (value: unknown): number => tokens(JSON.stringify(value));

/** Random digits between spaces: one token a byte, the densest text there is. */
function dense(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += `${(i * 7919) % 10} `;
  return s;
}

const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
/** Text of every kind a prompt carries: prose, Chinese, emoji, code, dense digits. */
const SAMPLES = [
  'The quick brown fox jumps over the lazy dog.',
  '请用三句话总结这篇文章的主要观点，并给出一个标题。',
  'Emoji 🚀🔥✨ and accents: café, naïve, Ångström.',
  'function f(x) { return x.map((y) => y * 2).filter(Boolean); }',
  dense(2_000),
];

describe('TokenEstimator.boundPrompt (the hold, from bytes)', () => {
  const estimator = new TokenEstimator();
  const bound = (request: ChatRequest) => estimator.boundPrompt(request).bound;
  /** What adding something to the request adds to the bound. */
  const added = (request: ChatRequest) => bound(request) - bound(base);

  it('needs no tokeniser: bounding loads nothing', () => {
    bound({ ...base, messages: [{ role: 'user', content: SAMPLES.join('\n') }] });
    expect(estimator.loaded).toBe(false);
  });

  it('counts message text by its UTF-8 bytes, with framing', () => {
    expect(bound(base)).toBe(3 + 3 + bytes('Hi'));
    const text = 'The quick brown fox jumps over the lazy dog.';
    expect(added({ ...base, messages: [...base.messages, { role: 'user', content: text }] })).toBe(3 + bytes(text));
  });

  it('is never below the real token count, whatever the text', () => {
    for (const text of SAMPLES) {
      const request: ChatRequest = { ...base, messages: [{ role: 'user', content: text }] };
      expect(bound(request)).toBeGreaterThanOrEqual(3 + 3 + tokens(text));
    }
  });

  it('counts text parts of array content', () => {
    const parts = [
      { type: 'text' as const, text: 'Look at' },
      { type: 'text' as const, text: ' this' },
    ];
    expect(added({ ...base, messages: [{ role: 'user', content: parts }] })).toBe(
      bytes('Look at') + bytes(' this') - bytes('Hi'),
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
    expect(added({ ...base, tools })).toBe(jsonBytes(tools));
    expect(added({ ...base, tools })).toBeGreaterThanOrEqual(jsonTokens(tools));
  });

  it('bounds assistant tool calls: ids, names and arguments', () => {
    const toolCalls = [
      {
        id: 'call_1',
        type: 'function' as const,
        function: { name: 'lookup', arguments: JSON.stringify({ q: dense(2_000) }) },
      },
    ];
    const grown = added({
      ...base,
      messages: [...base.messages, { role: 'assistant', content: null, tool_calls: toolCalls }],
    });
    expect(grown).toBe(3 + jsonBytes(toolCalls));
    expect(grown).toBeGreaterThan(jsonTokens(toolCalls));
  });

  it('counts tool results, their call id, names and reasoning sent back', () => {
    const result = 'Sunny, 21 degrees in Lisbon.';
    expect(
      added({ ...base, messages: [...base.messages, { role: 'tool', tool_call_id: 'call_1', content: result }] }),
    ).toBe(3 + bytes(result) + bytes('call_1') + 1);
    expect(added({ ...base, messages: [{ role: 'user', content: 'Hi', name: 'alice_smith' }] })).toBe(
      bytes('alice_smith') + 1,
    );
    expect(
      added({
        ...base,
        messages: [...base.messages, { role: 'assistant', content: 'ok', reasoning_content: 'Think.' }],
      }),
    ).toBe(3 + bytes('ok') + bytes('Think.') + 1);
  });

  it('holds a fixed bound per image, whatever the URL', () => {
    const image = (url: string) => ({ type: 'image_url', image_url: { url, detail: 'high' } });
    const dataUrl = `data:image/png;base64,${'A'.repeat(200_000)}`;
    const request: ChatRequest = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, image('https://x/a.png'), image(dataUrl)] }],
    };
    expect(added(request)).toBe(2 * IMAGE_TOKENS_BOUND);
    // OpenAI's high-detail maximum: 85 + 170 per 512 px tile, 8 tiles at most (768 × 2048).
    expect(IMAGE_TOKENS_BOUND).toBeGreaterThanOrEqual(85 + 8 * 170);
  });

  it('bounds response_format, pass-through fields, other content parts and legacy functions by their bytes', () => {
    const responseFormat = {
      type: 'json_schema',
      json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'array' } } } },
    };
    expect(added({ ...base, response_format: responseFormat })).toBe(jsonBytes(responseFormat));
    const audio = { type: 'input_audio', input_audio: { data: 'UklGR'.repeat(100), format: 'wav' } };
    const documents = [{ title: 'Doc', text: dense(1_000) }];
    const functions = [{ name: 'f', parameters: { type: 'object' } }];
    const request = { ...base, messages: [{ role: 'user' as const, content: [audio] }], documents, functions };
    expect(added(request as ChatRequest)).toBe(
      jsonBytes(audio) + jsonBytes(documents) + jsonBytes(functions) - bytes('Hi'),
    );
  });

  it('leaves sampling settings and limits out', () => {
    const request = {
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
    } as ChatRequest;
    expect(bound(request)).toBe(bound(base));
  });

  it('caps the bound at the context window (a longer prompt is refused, not billed)', () => {
    const request = { ...base, tools: [{ type: 'function', function: { name: 'f', description: dense(10_000) } }] };
    expect(estimator.boundPrompt(request, 4_096).bound).toBe(4_096);
    expect(estimator.boundPrompt(request, 1_000_000).bound).toBe(bound(request));
  });
});

describe('TokenEstimator estimates (for an upstream that reported no usage)', () => {
  it('loads the tokeniser only when asked, once', async () => {
    const estimator = new TokenEstimator();
    expect(estimator.loaded).toBe(false);
    // Before loading, an estimate still comes, from bytes (about 4 a token).
    expect(estimator.count('abcdefgh')).toBe(2);
    await Promise.all([estimator.ready(), estimator.ready()]);
    expect(estimator.loaded).toBe(true);
    expect(estimator.count('The quick brown fox')).toBe(tokens('The quick brown fox'));
  });

  describe('once loaded', () => {
    const estimator = new TokenEstimator();
    beforeAll(() => estimator.ready());

    it('tokenises short message text exactly, with framing', () => {
      const text = 'The quick brown fox jumps over the lazy dog.';
      const request: ChatRequest = { ...base, messages: [...base.messages, { role: 'user', content: text }] };
      expect(estimator.estimatePrompt(request)).toBe(3 + 3 + tokens('Hi') + 3 + tokens(text));
    });

    it('estimates JSON and long text at about 4 bytes a token', () => {
      const tools = [{ type: 'function', function: { name: 'f', description: dense(4_000) } }];
      expect(estimator.estimatePrompt({ ...base, tools }) - estimator.estimatePrompt(base)).toBe(
        Math.ceil(jsonBytes(tools) / 4),
      );
      const long = dense(40_000);
      expect(estimator.estimatePrompt({ ...base, messages: [{ role: 'user', content: long }] })).toBe(
        3 + 3 + Math.ceil(bytes(long) / 4),
      );
      expect(estimator.count(long)).toBe(Math.ceil(bytes(long) / 4));
    });

    it('never estimates above the hold', () => {
      const requests: ChatRequest[] = [
        ...SAMPLES.map((text): ChatRequest => ({ ...base, messages: [{ role: 'user', content: text }] })),
        {
          ...base,
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
          response_format: { type: 'json_object' },
        },
      ];
      for (const request of requests) {
        expect(estimator.estimatePrompt(request)).toBeLessThanOrEqual(estimator.boundPrompt(request).bound);
      }
    });
  });
});
