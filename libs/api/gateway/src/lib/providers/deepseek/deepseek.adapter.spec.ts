import type { ChatRequest } from '../../chat/chat-request.schema';
import { DeepSeekAdapter } from './deepseek.adapter';

function chat(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'deepseek-flash', messages: [{ role: 'user', content: 'Hi' }], ...extra } as ChatRequest;
}

const openAiError = (message: string, type: string, code: string | null = 'invalid_request_error') => ({
  error: { message, type, param: null, code },
});

describe('DeepSeekAdapter', () => {
  const adapter = new DeepSeekAdapter();

  describe('buildRequest', () => {
    it('sends developer messages as system messages', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'developer', content: 'Be brief.' },
            { role: 'system', content: 'You are helpful.' },
            { role: 'user', content: 'Hi' },
          ],
        }),
        { upstreamModel: 'deepseek-flash', stream: false },
      );
      expect(body['messages']).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Hi' },
      ]);
    });

    it('sends max_completion_tokens as max_tokens', () => {
      const body = adapter.buildRequest(chat({ max_completion_tokens: 256 }), {
        upstreamModel: 'deepseek-flash',
        stream: false,
      });
      expect(body['max_tokens']).toBe(256);
      expect(body).not.toHaveProperty('max_completion_tokens');
    });

    it('prefers max_completion_tokens when both caps are sent', () => {
      const body = adapter.buildRequest(chat({ max_completion_tokens: 256, max_tokens: 100 }), {
        upstreamModel: 'deepseek-flash',
        stream: false,
      });
      expect(body['max_tokens']).toBe(256);
      expect(body).not.toHaveProperty('max_completion_tokens');
    });

    it('keeps max_tokens and sends no cap when none was given', () => {
      expect(adapter.buildRequest(chat({ max_tokens: 64 }), { upstreamModel: 'm', stream: false })['max_tokens']).toBe(
        64,
      );
      const body = adapter.buildRequest(chat(), { upstreamModel: 'm', stream: false });
      expect(body).not.toHaveProperty('max_tokens');
      expect(body).not.toHaveProperty('max_completion_tokens');
    });

    it('asks for usage when streaming and not otherwise', () => {
      const streaming = adapter.buildRequest(chat({ stream: true }), {
        upstreamModel: 'deepseek-v4-pro',
        stream: true,
      });
      expect(streaming).toMatchObject({
        model: 'deepseek-v4-pro',
        stream: true,
        stream_options: { include_usage: true },
      });
      const plain = adapter.buildRequest(chat({ stream_options: { include_usage: true } }), {
        upstreamModel: 'deepseek-v4-pro',
        stream: false,
      });
      expect(plain['stream']).toBe(false);
      expect(plain).not.toHaveProperty('stream_options');
    });

    it('passes DeepSeek fields such as thinking through', () => {
      const body = adapter.buildRequest(
        chat({ ...({ thinking: { type: 'disabled' } } as object), reasoning_effort: 'high' }),
        {
          upstreamModel: 'deepseek-flash',
          stream: false,
        },
      );
      expect(body).toMatchObject({ thinking: { type: 'disabled' }, reasoning_effort: 'high' });
    });
  });

  describe('classifyError', () => {
    it.each([
      ['an invalid format', 400, openAiError('Invalid request format', 'invalid_request_error'), 'invalid_request'],
      [
        'reasoning_content not passed back',
        400,
        openAiError(
          'The `reasoning_content` in the thinking mode must be passed back to the API.',
          'invalid_request_error',
        ),
        'invalid_request',
      ],
      [
        'a context that is too long',
        400,
        openAiError(
          "This model's maximum context length is 131072 tokens. However, you requested 131134 tokens (122942 in the messages, 8192 in the completion). Please reduce the length of the messages or completion.",
          'invalid_request_error',
        ),
        'context_length',
      ],
      [
        'an invalid api key',
        401,
        openAiError('Authentication Fails, Your api key: ****abcd is invalid', 'authentication_error'),
        'auth',
      ],
      ['no such user', 401, openAiError('Authentication Fails (no such user)', 'authentication_error'), 'auth'],
      [
        'a bad auth header',
        401,
        openAiError('Authentication Fails (auth header format should be Bearer sk-...)', 'authentication_error'),
        'auth',
      ],
      ['an insufficient balance', 402, openAiError('Insufficient Balance', 'unknown_error'), 'quota'],
      ['invalid parameters', 422, openAiError('Invalid parameters', 'invalid_request_error'), 'invalid_request'],
      ['a rate limit', 429, openAiError('Rate limit reached', 'rate_limit_error', null), 'rate_limit'],
      ['a server error', 500, openAiError('Internal server error', 'server_error', null), 'server'],
      ['an overloaded server', 503, openAiError('Server overloaded', 'server_error', null), 'overloaded'],
      ['Content Exists Risk', 400, openAiError('Content Exists Risk', 'invalid_request_error'), 'refusal'],
      ['the 2024 Content Exists Risk body', 400, { detail: 'Content Exists Risk' }, 'refusal'],
    ])('classifies %s (HTTP %d) as %s', (_name, status, body, kind) => {
      expect(adapter.classifyError(status, body).kind).toBe(kind);
    });

    it('keeps the refusal message and status', () => {
      expect(adapter.classifyError(400, openAiError('Content Exists Risk', 'invalid_request_error'))).toEqual({
        kind: 'refusal',
        message: 'Content Exists Risk',
        upstreamStatus: 400,
      });
    });

    it('recognises Content Exists Risk in a text body', () => {
      expect(adapter.classifyError(400, 'Content Exists Risk').kind).toBe('refusal');
    });
  });

  describe('parseCompletion', () => {
    const usage = {
      prompt_tokens: 11,
      completion_tokens: 40,
      total_tokens: 51,
      prompt_cache_hit_tokens: 0,
      prompt_cache_miss_tokens: 11,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    };

    it('reads the documented usage form', () => {
      const parsed = adapter.parseCompletion({
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'Hi', reasoning_content: 'Greeting.' },
          },
        ],
        usage,
      });
      expect(parsed).toEqual({
        ok: true,
        choices: [
          {
            index: 0,
            finishReason: 'stop',
            message: { role: 'assistant', content: 'Hi', refusal: null, reasoning_content: 'Greeting.' },
          },
        ],
        usage: { inputTokens: 11, cachedTokens: 0, outputTokens: 40, reasoningTokens: 0 },
      });
    });

    it('reads cached tokens from prompt_cache_hit_tokens', () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'stop', message: { content: 'Hi' } }],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 5,
          total_tokens: 105,
          prompt_cache_hit_tokens: 64,
          prompt_cache_miss_tokens: 36,
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      });
      expect(parsed).toMatchObject({
        ok: true,
        usage: { inputTokens: 100, cachedTokens: 64, outputTokens: 5, reasoningTokens: 2 },
      });
    });

    it('passes content_filter through as a finish reason', () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'content_filter', message: { content: '' } }],
        usage,
      });
      expect(parsed).toMatchObject({ ok: true, choices: [{ finishReason: 'content_filter' }] });
    });

    it('reports insufficient_system_resource as an overloaded failure', () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'insufficient_system_resource', message: { content: 'Half an ans' } }],
        usage,
      });
      expect(parsed).toMatchObject({ ok: false, failure: { kind: 'overloaded' } });
    });
  });

  describe('stream decoder', () => {
    it('decodes deltas, the usage-carrying last chunk and [DONE]', () => {
      const decoder = adapter.createStreamDecoder();
      expect(
        decoder.decode(
          '{"id":"1","object":"chat.completion.chunk","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Hmm"},"logprobs":null,"finish_reason":null}],"usage":null}',
        ),
      ).toEqual([
        {
          type: 'choices',
          choices: [{ index: 0, delta: { role: 'assistant', reasoning_content: 'Hmm' }, finishReason: null }],
        },
      ]);
      expect(
        decoder.decode(
          '{"id":"1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}',
        ),
      ).toEqual([{ type: 'choices', choices: [{ index: 0, delta: { content: 'Hi' }, finishReason: null }] }]);
      expect(
        decoder.decode(
          '{"id":"1","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":40,"total_tokens":51,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":3,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":30}}}',
        ),
      ).toEqual([
        { type: 'choices', choices: [{ index: 0, delta: { content: '' }, finishReason: 'stop' }] },
        { type: 'usage', usage: { inputTokens: 11, cachedTokens: 8, outputTokens: 40, reasoningTokens: 30 } },
      ]);
      expect(decoder.decode('[DONE]')).toEqual([{ type: 'done' }]);
    });

    it('reports a malformed frame as a failure', () => {
      expect(adapter.createStreamDecoder().decode('{"id":')).toMatchObject([
        { type: 'failure', failure: { kind: 'server' } },
      ]);
    });

    it('reports insufficient_system_resource mid-stream as an overloaded failure', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[{"index":0,"delta":{},"finish_reason":"insufficient_system_resource"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}',
        );
      expect(events).toEqual([{ type: 'failure', failure: { kind: 'overloaded', message: expect.any(String) } }]);
    });
  });
});

describe('DeepSeekAdapter on an unknown upstream model', () => {
  it.each(['The supported API model names are deepseek-flash, deepseek-v4-pro', 'Model Not Exist'])(
    'treats "%s" as a route problem',
    (message) => {
      const failure = new DeepSeekAdapter().classifyError(400, {
        error: { message, type: 'invalid_request_error', param: null, code: 'invalid_request_error' },
      });
      expect(failure.kind).toBe('not_found');
    },
  );
});
