import type { ChatRequest } from '../../chat/chat-request.schema';
import type { StreamEvent } from '../provider-adapter';
import { classifyByStatus, extractUsage, OpenAiCompatibleAdapter } from './openai-compatible.adapter';

function chat(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'my-model', messages: [{ role: 'user', content: 'Hi' }], ...extra } as ChatRequest;
}

describe('OpenAiCompatibleAdapter', () => {
  const adapter = new OpenAiCompatibleAdapter();

  describe('buildRequest', () => {
    it('sends the upstream model name and passes other fields through as sent', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'developer', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
          ],
          max_tokens: 10,
          temperature: 0.3,
          tools: [{ type: 'function' }],
          ...({ custom_field: 'kept' } as object),
        }),
        { upstreamModel: 'llama3', stream: false },
      );
      expect(body).toEqual({
        model: 'llama3',
        stream: false,
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        max_tokens: 10,
        temperature: 0.3,
        tools: [{ type: 'function' }],
        custom_field: 'kept',
      });
    });

    it('asks for usage when streaming, replacing the caller stream_options', () => {
      const body = adapter.buildRequest(chat({ stream: true, stream_options: { include_usage: false } }), {
        upstreamModel: 'm',
        stream: true,
      });
      expect(body['stream']).toBe(true);
      expect(body['stream_options']).toEqual({ include_usage: true });
    });

    it('drops stream_options when not streaming', () => {
      const body = adapter.buildRequest(chat({ stream_options: { include_usage: true } }), {
        upstreamModel: 'm',
        stream: false,
      });
      expect(body).not.toHaveProperty('stream_options');
    });

    it('does not change the caller request object', () => {
      const request = chat({ stream_options: { include_usage: true }, max_tokens: 5 });
      const copy = structuredClone(request);
      adapter.buildRequest(request, { upstreamModel: 'm', stream: true });
      expect(request).toEqual(copy);
    });
  });

  describe('classifyError', () => {
    it.each([
      [400, { error: { message: 'bad', type: 'invalid_request_error', code: null } }, 'invalid_request'],
      [
        400,
        {
          error: {
            message: "This model's maximum context length is 8192 tokens.",
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        },
        'context_length',
      ],
      [400, { error: { message: 'flagged', type: 'invalid_request_error', code: 'content_filter' } }, 'refusal'],
      [
        401,
        { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } },
        'auth',
      ],
      [403, { error: { message: 'forbidden' } }, 'auth'],
      [402, { error: { message: 'pay up' } }, 'quota'],
      [
        429,
        {
          error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
        },
        'quota',
      ],
      [429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, 'rate_limit'],
      [404, { error: { message: 'model not found' } }, 'not_found'],
      [408, {}, 'timeout'],
      [422, { error: { message: 'invalid' } }, 'invalid_request'],
      [500, { error: { message: 'oops' } }, 'server'],
      [502, 'Bad Gateway', 'server'],
      [503, {}, 'overloaded'],
      [529, {}, 'overloaded'],
    ])('classifies HTTP %d %j as %s', (status, body, kind) => {
      expect(adapter.classifyError(status, body).kind).toBe(kind);
    });

    it('keeps the upstream message, status and code', () => {
      expect(
        adapter.classifyError(401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }),
      ).toEqual({
        kind: 'auth',
        message: 'Incorrect API key provided',
        upstreamStatus: 401,
        upstreamCode: 'invalid_api_key',
      });
    });

    it('uses a short text body as the message and a long one not at all', () => {
      expect(adapter.classifyError(502, 'Bad Gateway').message).toBe('Bad Gateway');
      expect(adapter.classifyError(502, 'x'.repeat(600)).message).toBe('HTTP 502');
    });
  });

  describe('parseCompletion', () => {
    it('normalises choices, reasoning, tool calls and usage', () => {
      const parsed = adapter.parseCompletion({
        id: 'c1',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              content: null,
              reasoning_content: 'thinking',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
          },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
      });
      expect(parsed).toEqual({
        ok: true,
        choices: [
          {
            index: 0,
            finishReason: 'tool_calls',
            message: {
              role: 'assistant',
              content: null,
              refusal: null,
              reasoning_content: 'thinking',
              tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
          },
        ],
        usage: { inputTokens: 5, cachedTokens: 0, outputTokens: 7, reasoningTokens: 0 },
      });
    });

    it('returns null usage when the upstream sent none', () => {
      const parsed = adapter.parseCompletion({ choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] });
      expect(parsed).toMatchObject({ ok: true, usage: null });
    });

    it.each([[null], ['text'], [[]], [{ choices: [] }], [{}]])(
      'reports a server failure for the malformed body %j',
      (body) => {
        expect(adapter.parseCompletion(body)).toMatchObject({ ok: false, failure: { kind: 'server' } });
      },
    );
  });

  describe('stream decoder', () => {
    it('ends on [DONE]', () => {
      expect(adapter.createStreamDecoder().decode('[DONE]')).toEqual([{ type: 'done' }]);
      expect(adapter.createStreamDecoder().decode(' [DONE] ')).toEqual([{ type: 'done' }]);
    });

    it('reports a malformed frame as a server failure', () => {
      expect(adapter.createStreamDecoder().decode('{"choices":[')).toEqual([
        { type: 'failure', failure: { kind: 'server', message: 'The upstream sent a malformed stream event.' } },
      ]);
    });

    it('ignores a frame that is JSON but not an object', () => {
      expect(adapter.createStreamDecoder().decode('"keep-alive"')).toEqual([]);
    });

    it('decodes content deltas', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel","reasoning_content":"r"},"finish_reason":null}]}',
        );
      expect(events).toEqual([
        {
          type: 'choices',
          choices: [
            { index: 0, delta: { role: 'assistant', content: 'Hel', reasoning_content: 'r' }, finishReason: null },
          ],
        },
      ]);
    });

    it('reads usage from an empty-choices final chunk', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4}}}',
        );
      expect(events).toEqual<StreamEvent[]>([
        { type: 'usage', usage: { inputTokens: 9, cachedTokens: 4, outputTokens: 3, reasoningTokens: 0 } },
      ]);
    });

    it('reports an error frame as a failure', () => {
      const events = adapter
        .createStreamDecoder()
        .decode('{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'failure', failure: { message: 'Rate limit reached' } });
    });

    it('has nothing to flush', () => {
      expect(adapter.createStreamDecoder().flush()).toEqual([]);
    });
  });
});

describe('extractUsage', () => {
  it('returns null when there is no token count', () => {
    expect(extractUsage(null)).toBeNull();
    expect(extractUsage({})).toBeNull();
    expect(extractUsage({ total_tokens: 3 })).toBeNull();
  });

  it('reads reasoning tokens, and defaults missing cache and reasoning counts to zero', () => {
    expect(
      extractUsage({ prompt_tokens: 2, completion_tokens: 4, completion_tokens_details: { reasoning_tokens: 3 } }),
    ).toEqual({
      inputTokens: 2,
      cachedTokens: 0,
      outputTokens: 4,
      reasoningTokens: 3,
    });
  });

  it.each([
    [{ completion_tokens: 4 }],
    [{ prompt_tokens: 10.5, completion_tokens: 4 }],
    [{ prompt_tokens: -1, completion_tokens: 4 }],
    [{ prompt_tokens: 1, completion_tokens: 1e20 }],
    [{ prompt_tokens: '3', completion_tokens: 4 }],
  ])('refuses usage it cannot bill exactly: %j (the gateway then estimates)', (raw) => {
    expect(extractUsage(raw)).toBeNull();
  });

  it('caps cached and reasoning counts at their totals', () => {
    expect(
      extractUsage({
        prompt_tokens: 5,
        completion_tokens: 2,
        prompt_cache_hit_tokens: 9,
        completion_tokens_details: { reasoning_tokens: 7 },
      }),
    ).toEqual({
      inputTokens: 5,
      cachedTokens: 5,
      outputTokens: 2,
      reasoningTokens: 2,
    });
  });
});

describe('classifyByStatus on request-specific 4xx', () => {
  it.each([409, 410, 413, 415, 451])(
    'treats HTTP %i as the caller’s invalid request (no failover, no cool-down)',
    (status) => {
      expect(classifyByStatus(status, 'nope').kind).toBe('invalid_request');
    },
  );
});

describe('classifyByStatus', () => {
  it('recognises context-length messages on a 400', () => {
    expect(classifyByStatus(400, 'Input token length too long').kind).toBe('context_length');
    expect(classifyByStatus(400, 'exceeds the context window').kind).toBe('context_length');
    expect(classifyByStatus(400, 'Invalid value for temperature').kind).toBe('invalid_request');
  });
});
