import { fakeDirective, parseDirectives, startFakeUpstream, type FakeFlavor, type FakeUpstream } from './index';

const KEY = 'sk-test-abcd';
const MODEL = 'test-model';

function chatBody(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MODEL, messages: [{ role: 'user', content: text }], ...extra };
}

function post(upstream: FakeUpstream, body: unknown, key = KEY, init: RequestInit = {}): Promise<Response> {
  return fetch(`${upstream.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** `data:` payloads of an SSE body, tolerant of CRLF. */
function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .flatMap((block) => block.split(/\r?\n/))
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

function sseChunks(text: string): Record<string, unknown>[] {
  return sseData(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => {
      const parsed: unknown = JSON.parse(data);
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`not an object: ${data}`);
      return parsed as Record<string, unknown>;
    });
}

/** Walks a JSON value by keys/indices; undefined when any step is missing. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function streamedContent(chunks: Record<string, unknown>[]): string {
  return chunks
    .map((chunk) => at(chunk, 'choices', 0, 'delta', 'content'))
    .filter((c): c is string => typeof c === 'string')
    .join('');
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// 'hi' is ceil(2/4) + 3 = 4 prompt tokens; the default reply below is 10 completion tokens.
const PROMPT_TOKENS = 4;
const replyFor = (flavor: FakeFlavor): string => `Hello from the fake ${flavor} upstream.`;
const completionTokensFor = (flavor: FakeFlavor): number => Math.ceil(replyFor(flavor).length / 4);

const EXPECTED_USAGE: Record<FakeFlavor, (completion: number) => Record<string, unknown>> = {
  deepseek: (c) => ({
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: c,
    total_tokens: PROMPT_TOKENS + c,
    prompt_cache_hit_tokens: 0,
    prompt_cache_miss_tokens: PROMPT_TOKENS,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  }),
  moonshot: (c) => ({
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: c,
    total_tokens: PROMPT_TOKENS + c,
    cached_tokens: 0,
  }),
  zhipu: (c) => ({
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: c,
    total_tokens: PROMPT_TOKENS + c,
    prompt_tokens_details: { cached_tokens: 0 },
  }),
  minimax: (c) => ({
    total_tokens: PROMPT_TOKENS + c,
    total_characters: 0,
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: c,
    completion_tokens_details: { reasoning_tokens: 0 },
  }),
  openai: (c) => ({
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: c,
    total_tokens: PROMPT_TOKENS + c,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  }),
};

const EXPECTED_QUOTA: Record<FakeFlavor, { status: number; body: Record<string, unknown> }> = {
  deepseek: {
    status: 402,
    body: {
      error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' },
    },
  },
  moonshot: { status: 429, body: { error: { type: 'exceeded_current_quota_error' } } },
  zhipu: { status: 429, body: { error: { code: '1113' } } },
  minimax: {
    status: 402,
    body: {
      type: 'error',
      error: { type: 'insufficient_balance_error', message: 'insufficient balance (1008)', http_code: '402' },
    },
  },
  openai: { status: 429, body: { error: { type: 'insufficient_quota', code: 'insufficient_quota' } } },
};

const EXPECTED_AUTH: Record<FakeFlavor, Record<string, unknown>> = {
  deepseek: {
    error: {
      message: 'Authentication Fails, Your api key: ****ong! is invalid',
      type: 'authentication_error',
      param: null,
      code: 'invalid_request_error',
    },
  },
  moonshot: { error: { message: 'Incorrect API key provided', type: 'incorrect_api_key_error' } },
  zhipu: { error: { code: '1002' } },
  minimax: { type: 'error', error: { type: 'authorized_error', http_code: '401' } },
  openai: {
    error: {
      message: 'Incorrect API key provided',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  },
};

const BASE_PATHS: Record<FakeFlavor, string> = {
  deepseek: '',
  moonshot: '/v1',
  zhipu: '/api/paas/v4',
  minimax: '/v1',
  openai: '/v1',
};

describe.each<FakeFlavor>(['deepseek', 'moonshot', 'zhipu', 'minimax', 'openai'])('%s flavor', (flavor) => {
  let upstream: FakeUpstream;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ flavor, apiKeys: [KEY] });
  });
  afterAll(() => upstream.close());
  beforeEach(() => upstream.reset());

  it('advertises its base URL on loopback', () => {
    expect(upstream.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(upstream.baseUrl).toBe(`${upstream.origin}${BASE_PATHS[flavor]}`);
  });

  it('answers a non-streaming request with the provider usage shape', async () => {
    const res = await post(upstream, chatBody('hi'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body: unknown = await res.json();
    expect(body).toMatchObject({
      model: MODEL,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: replyFor(flavor) } }],
      usage: EXPECTED_USAGE[flavor](completionTokensFor(flavor)),
    });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', body: chatBody('hi') });
  });

  it('puts stream usage where the provider does', async () => {
    const res = await post(upstream, chatBody('hi', { stream: true, stream_options: { include_usage: true } }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(sseData(text).at(-1)).toBe('[DONE]');
    const chunks = sseChunks(text);
    expect(streamedContent(chunks)).toBe(replyFor(flavor));
    const usage = EXPECTED_USAGE[flavor](completionTokensFor(flavor));
    const last = chunks[chunks.length - 1];
    const earlier = chunks.slice(0, -1);
    switch (flavor) {
      case 'deepseek':
        expect(last).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }], usage });
        expect(at(last, 'choices', 'length')).toBe(1);
        expect(earlier.every((chunk) => chunk['usage'] === null)).toBe(true);
        expect(at(chunks[0], 'choices', 0, 'delta')).toEqual({ role: 'assistant', content: '' });
        break;
      case 'moonshot':
        expect(last).toMatchObject({ choices: [{ finish_reason: 'stop', usage }] });
        expect(last['usage']).toBeUndefined();
        break;
      case 'zhipu':
        expect(last).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage });
        break;
      case 'minimax':
        expect(last).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage, input_sensitive: false });
        expect(earlier.every((chunk) => chunk['usage'] === null && chunk['output_sensitive'] === false)).toBe(true);
        break;
      case 'openai':
        expect(last).toMatchObject({ choices: [], usage });
        expect(at(chunks[chunks.length - 2], 'choices', 0, 'finish_reason')).toBe('stop');
        expect(earlier.every((chunk) => chunk['usage'] === null)).toBe(true);
        break;
    }
  });

  it('reports insufficient balance in the provider format', async () => {
    const res = await post(upstream, chatBody(`hi ${fakeDirective('error', 'quota')}`));
    expect(res.status).toBe(EXPECTED_QUOTA[flavor].status);
    expect(await res.json()).toMatchObject(EXPECTED_QUOTA[flavor].body);
  });

  it('rejects an unknown key with the provider 401', async () => {
    const res = await post(upstream, chatBody('hi'), 'sk-wrong!');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject(EXPECTED_AUTH[flavor]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('lists models', async () => {
    const res = await fetch(`${upstream.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([expect.objectContaining({ object: 'model' })]),
    });
  });

  it('streams a tool call', async () => {
    const res = await post(upstream, chatBody(`hi ${fakeDirective('tool', 'get_weather')}`, { stream: true }));
    const chunks = sseChunks(await res.text());
    const toolChunk = chunks.find((chunk) => at(chunk, 'choices', 0, 'delta', 'tool_calls') !== undefined);
    expect(at(toolChunk, 'choices', 0, 'delta', 'tool_calls', 0)).toMatchObject({
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{}' },
    });
    const finishes = chunks
      .map((chunk) => at(chunk, 'choices', 0, 'finish_reason'))
      .filter((r) => typeof r === 'string');
    expect(finishes).toEqual(['tool_calls']);
  });

  it('sends tool_args as the tool call arguments, whole and streamed', async () => {
    const args = '{"city":"Paris","days":3}';
    const prompt = `hi ${fakeDirective('tool', 'get_weather')} ${fakeDirective('tool_args', args)}`;
    const whole: unknown = await (await post(upstream, chatBody(prompt))).json();
    const sent = { name: 'get_weather', arguments: args };
    expect(at(whole, 'choices', 0, 'message', 'tool_calls', 0, 'function')).toEqual(sent);
    const chunks = sseChunks(await (await post(upstream, chatBody(prompt, { stream: true }))).text());
    const toolChunk = chunks.find((chunk) => at(chunk, 'choices', 0, 'delta', 'tool_calls') !== undefined);
    expect(at(toolChunk, 'choices', 0, 'delta', 'tool_calls', 0, 'function')).toEqual(sent);
  });

  it('withholds usage everywhere with no_usage', async () => {
    const prompt = `hi ${fakeDirective('no_usage')}`;
    const whole: unknown = await (await post(upstream, chatBody(prompt))).json();
    expect(at(whole, 'choices', 0, 'message', 'content')).toBe(replyFor(flavor));
    expect(at(whole, 'usage')).toBeUndefined();
    const streamed = await post(upstream, chatBody(prompt, { stream: true, stream_options: { include_usage: true } }));
    const text = await streamed.text();
    expect(sseData(text).at(-1)).toBe('[DONE]');
    const chunks = sseChunks(text);
    expect(streamedContent(chunks)).toBe(replyFor(flavor));
    expect(chunks.some((chunk) => at(chunk, 'choices', 0, 'finish_reason') === 'stop')).toBe(true);
    for (const chunk of chunks) {
      expect(chunk['usage']).toBeUndefined();
      expect(at(chunk, 'choices', 0, 'usage')).toBeUndefined();
    }
  });
});

describe('minimax specifics', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ flavor: 'minimax', apiKeys: [KEY] });
  });
  afterAll(() => upstream.close());

  it('streams an inline think block with both tags split across chunks', async () => {
    const text = `hi ${fakeDirective('think', 'Let me think.')} ${fakeDirective('reply', 'Done!')}`;
    const chunks = sseChunks(await (await post(upstream, chatBody(text, { stream: true }))).text());
    const pieces = chunks
      .map((chunk) => at(chunk, 'choices', 0, 'delta', 'content'))
      .filter((c): c is string => typeof c === 'string' && c !== '');
    expect(pieces.join('')).toBe('<think>Let me think.</think>\n\nDone!');
    expect(pieces).not.toContain('<think>');
    expect(pieces.some((piece) => piece.includes('<think>'))).toBe(false);
    expect(pieces.some((piece) => piece.includes('</think>'))).toBe(false);
    expect(pieces.filter((piece) => /[<>]/.test(piece)).length).toBeGreaterThanOrEqual(4);
    expect(at(chunks[chunks.length - 1], 'usage', 'completion_tokens_details', 'reasoning_tokens')).toBe(4);
  });

  it('returns the think block inline when not streaming', async () => {
    const text = `hi ${fakeDirective('think', 'Hmm')} ${fakeDirective('reply', 'Yes')}`;
    const body: unknown = await (await post(upstream, chatBody(text))).json();
    expect(body).toMatchObject({
      choices: [{ message: { content: '<think>Hmm</think>\n\nYes', name: 'MiniMax AI', audio_content: '' } }],
      base_resp: { status_code: 0, status_msg: '' },
    });
  });

  it('rejects unknown fields and a second system message', async () => {
    const unknown = await post(upstream, chatBody('hi', { presence_penalty: 0.5 }));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'bad_request_error', message: 'invalid params, unknown field presence_penalty (2013)' },
    });
    const twoSystems = await post(upstream, {
      model: MODEL,
      messages: [
        { role: 'system', content: 'a' },
        { role: 'system', content: 'b' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(twoSystems.status).toBe(400);
    expect(await twoSystems.json()).toMatchObject({
      error: { message: 'invalid params, invalid chat setting (2013)' },
    });
  });

  it('signals the output filter with flags or an in-stream error frame', async () => {
    const text = `hi ${fakeDirective('error', 'refusal_output')}`;
    const plain: unknown = await (await post(upstream, chatBody(text))).json();
    expect(plain).toMatchObject({ output_sensitive: true, choices: [{ message: { content: '' } }] });
    const streamed = await (await post(upstream, chatBody(text, { stream: true }))).text();
    const data = sseData(streamed);
    expect(data).not.toContain('[DONE]');
    expect(JSON.parse(data[data.length - 1])).toEqual({
      type: 'error',
      error: { type: 'unprocessable_entity_error', message: 'output new_sensitive (1027)', http_code: '422' },
      request_id: expect.any(String),
    });
    expect(data).toHaveLength(2);
  });

  it('answers the legacy 200 + base_resp error form', async () => {
    const res = await post(upstream, chatBody(`hi ${fakeDirective('error', 'base_resp:1027')}`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ base_resp: { status_code: 1027, status_msg: 'output new_sensitive' } });
  });
});

describe('stream control directives', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ flavor: 'deepseek', apiKeys: [KEY] });
  });
  afterAll(() => upstream.close());
  beforeEach(() => upstream.reset());

  it('serves /v1 too and refuses with Content Exists Risk (both forms)', async () => {
    const res = await fetch(`${upstream.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(chatBody(`x ${fakeDirective('error', 'refusal')}`)),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: 'Content Exists Risk',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_request_error',
      },
    });
    const legacy = await post(upstream, chatBody(`x ${fakeDirective('error', 'refusal_legacy')}`));
    expect(await legacy.json()).toEqual({ detail: 'Content Exists Risk' });
  });

  it('fails only the first N requests with error=KIND@N', async () => {
    const body = chatBody(`x ${fakeDirective('error', 'overloaded@2')}`);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(upstream, body)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('sends keep-alives before the stream and blank lines before a JSON body', async () => {
    const streamed = await (
      await post(upstream, chatBody(`x ${fakeDirective('keepalive', 2)}`, { stream: true }))
    ).text();
    expect(streamed.startsWith(': keep-alive\n\n: keep-alive\n\ndata: ')).toBe(true);
    const plain = await (await post(upstream, chatBody(`x ${fakeDirective('keepalive', 2)}`))).text();
    expect(plain.startsWith('\n\n{')).toBe(true);
    expect(JSON.parse(plain)).toMatchObject({ object: 'chat.completion' });
  });

  it('splits the reply into N chunks, with CRLF and split packets', async () => {
    const text = `x ${fakeDirective('reply', 'abcdefghij')} ${fakeDirective('chunks', 4)} [[fake:crlf]] [[fake:split_packets]]`;
    const streamed = await (await post(upstream, chatBody(text, { stream: true }))).text();
    expect(streamed).toContain('\r\n\r\n');
    expect(streamed).not.toMatch(/[^\r]\n/);
    const pieces = sseChunks(streamed)
      .map((chunk) => at(chunk, 'choices', 0, 'delta', 'content'))
      .filter((c): c is string => typeof c === 'string' && c !== '');
    expect(pieces).toEqual(['abc', 'def', 'gh', 'ij']);
  });

  it('repeats the reply and its chunks with repeat, and counts the streamed bytes', async () => {
    upstream.reset();
    const text = `x ${fakeDirective('reply', 'abcdefghij')} ${fakeDirective('chunks', 2)} ${fakeDirective('repeat', 3)}`;
    const streamed = await (await post(upstream, chatBody(text, { stream: true }))).text();
    const pieces = sseChunks(streamed)
      .map((chunk) => at(chunk, 'choices', 0, 'delta', 'content'))
      .filter((c): c is string => typeof c === 'string' && c !== '');
    expect(pieces).toEqual(['abcde', 'fghij', 'abcde', 'fghij', 'abcde', 'fghij']);
    expect(upstream.streamedBytes).toBe(Buffer.byteLength(streamed));
  });

  it('cuts the stream mid-event with cut_after', async () => {
    const streamed = await (
      await post(upstream, chatBody(`x ${fakeDirective('cut_after', 1)}`, { stream: true }))
    ).text();
    expect(streamed).not.toContain('[DONE]');
    expect(streamed.endsWith('\n')).toBe(false);
    expect(streamed.slice(streamed.lastIndexOf('\n') + 1)).toMatch(/^data: \{/);
  });

  it('truncates the HTTP body itself with cut_hard', async () => {
    const res = await post(upstream, chatBody('x [[fake:cut_after=1]] [[fake:cut_hard]]', { stream: true }));
    await expect(res.text()).rejects.toThrow();
    await waitFor(() => upstream.openStreams === 0);
    expect(upstream.abortedStreams).toBe(0);
  });

  it('omits [DONE] with no_done and ends on a midstream error frame', async () => {
    const noDone = await (await post(upstream, chatBody('x [[fake:no_done]]', { stream: true }))).text();
    expect(sseData(noDone)).not.toContain('[DONE]');
    const failed = sseData(
      await (await post(upstream, chatBody(`x ${fakeDirective('error', 'midstream_error')}`, { stream: true }))).text(),
    );
    expect(JSON.parse(failed[failed.length - 1])).toMatchObject({ error: { type: 'server_error' } });
    expect(failed).not.toContain('[DONE]');
  });

  it('stalls until the client aborts, and counts the abort', async () => {
    const controller = new AbortController();
    const text = `x ${fakeDirective('stall_after', 1)} [[fake:keepalive_during_stall]]`;
    const res = await post(upstream, chatBody(text, { stream: true }), KEY, { signal: controller.signal });
    const body = res.body;
    if (body === null) throw new Error('no body');
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes(': keep-alive')) {
      const { value } = await reader.read();
      received += decoder.decode(value, { stream: true });
    }
    expect(sseChunks(received.slice(0, received.indexOf(': keep-alive')))).toHaveLength(2);
    expect(upstream.openStreams).toBe(1);
    controller.abort();
    await waitFor(() => upstream.openStreams === 0);
    expect(upstream.abortedStreams).toBe(1);
  });

  it('reports transient finish reasons and output-filter stops', async () => {
    const transient: unknown = await (
      await post(upstream, chatBody(`x ${fakeDirective('error', 'transient_finish')}`))
    ).json();
    expect(transient).toMatchObject({ choices: [{ finish_reason: 'insufficient_system_resource' }] });
    const filtered: unknown = await (
      await post(upstream, chatBody(`x ${fakeDirective('error', 'refusal_output')}`))
    ).json();
    expect(filtered).toMatchObject({ choices: [{ finish_reason: 'content_filter' }] });
  });

  it('stops at max_tokens with finish_reason length, reasoning first', async () => {
    const text = `x ${fakeDirective('think', '12345678')} ${fakeDirective('reply', 'abcdefghijkl')}`;
    const body: unknown = await (await post(upstream, chatBody(text, { max_tokens: 3 }))).json();
    expect(body).toMatchObject({
      choices: [{ finish_reason: 'length', message: { content: 'abcd', reasoning_content: '12345678' } }],
      usage: { completion_tokens: 3, completion_tokens_details: { reasoning_tokens: 2 } },
    });
  });

  it('drops the connection for error=network', async () => {
    await expect(post(upstream, chatBody(`x ${fakeDirective('error', 'network')}`))).rejects.toThrow();
  });

  it('honours cached=N in the usage', async () => {
    const body: unknown = await (
      await post(upstream, chatBody(`${'a'.repeat(40)} ${fakeDirective('cached', 5)}`))
    ).json();
    expect(at(body, 'usage', 'prompt_cache_hit_tokens')).toBe(5);
    expect(at(body, 'usage', 'prompt_tokens_details', 'cached_tokens')).toBe(5);
  });
});

describe('moonshot usage_top_level and zhipu sensitive stream', () => {
  it('moves Kimi stream usage to the top level on request', async () => {
    const upstream = await startFakeUpstream({ flavor: 'moonshot', apiKeys: [KEY] });
    try {
      const chunks = sseChunks(
        await (await post(upstream, chatBody('hi [[fake:usage_top_level]]', { stream: true }))).text(),
      );
      const last = chunks[chunks.length - 1];
      expect(at(last, 'usage', 'total_tokens')).toEqual(expect.any(Number));
      expect(at(last, 'choices', 0, 'usage')).toBeUndefined();
    } finally {
      await upstream.close();
    }
  });

  it('ends a filtered Zhipu stream with finish_reason sensitive', async () => {
    const upstream = await startFakeUpstream({ flavor: 'zhipu', apiKeys: [KEY] });
    try {
      const res = await post(upstream, chatBody(`hi ${fakeDirective('error', 'refusal_output')}`, { stream: true }));
      const chunks = sseChunks(await res.text());
      expect(chunks[chunks.length - 1]).toMatchObject({
        choices: [{ finish_reason: 'sensitive' }],
        usage: { prompt_tokens: expect.any(Number) },
      });
    } finally {
      await upstream.close();
    }
  });
});

describe('parseDirectives', () => {
  it('reads values with spaces, flags, numbers and error budgets', () => {
    const d = parseDirectives(
      'Say [[fake:reply=Hello there, world]] [[fake:chunks=5]] [[fake:no_done]] [[fake:error=base_resp:1027@2]]',
    );
    expect(d).toMatchObject({ reply: 'Hello there, world', chunks: 5, noDone: true, crlf: false });
    expect(d.error).toEqual({ key: 'error=base_resp:1027@2', kind: 'base_resp', param: '1027', times: 2 });
  });

  it('reads tool_args verbatim and no_usage as a flag, with defaults', () => {
    expect(parseDirectives('[[fake:tool=f]] [[fake:tool_args={"a": [1, 2]}]] [[fake:no_usage]]')).toMatchObject({
      tool: 'f',
      toolArgs: '{"a": [1, 2]}',
      noUsage: true,
    });
    expect(parseDirectives('hi')).toMatchObject({ toolArgs: '{}', noUsage: false });
  });

  it('falls back to defaults for missing or malformed values', () => {
    expect(parseDirectives('[[fake:chunks=zero]] [[fake:delay_ms=-3]] [[fake:repeat=0]]')).toMatchObject({
      chunks: 3,
      repeat: 1,
      delayMs: 0,
      error: undefined,
    });
  });
});
