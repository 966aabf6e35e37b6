import { AppError, InvalidRequestError } from '@vipcloud/platform';
import type { ChatRequest } from '../../chat/chat-request.schema';
import { MoonshotAdapter } from './moonshot.adapter';

function chat(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'kimi', messages: [{ role: 'user', content: 'Hi' }], ...extra } as ChatRequest;
}

const sampling = { temperature: 0.7, top_p: 0.9, n: 1, presence_penalty: 0.5, frequency_penalty: 0.5 };
const kimiError = (type: string, message: string) => ({ error: { type, message } });

describe('MoonshotAdapter', () => {
  const adapter = new MoonshotAdapter();

  describe('buildRequest', () => {
    it.each([['kimi-k3'], ['kimi-k2.7-code'], ['kimi-k2.6']])(
      'removes the fixed sampling fields for %s',
      (upstreamModel) => {
        const body = adapter.buildRequest(chat(sampling), { upstreamModel, stream: false });
        for (const field of Object.keys(sampling)) expect(body).not.toHaveProperty(field);
        expect(body['model']).toBe(upstreamModel);
      },
    );

    it.each([['moonshot-v1-8k'], ['kimi-k2-turbo']])('keeps the sampling fields for %s', (upstreamModel) => {
      const body = adapter.buildRequest(chat(sampling), { upstreamModel, stream: false });
      expect(body).toMatchObject(sampling);
    });

    it('refuses n > 1 for a fixed-sampling model with an invalid request error on n', () => {
      let thrown: unknown;
      try {
        adapter.buildRequest(chat({ n: 2 }), { upstreamModel: 'kimi-k3', stream: false });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidRequestError);
      expect(thrown).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'n' });
    });

    it('allows n > 1 for other models', () => {
      expect(adapter.buildRequest(chat({ n: 2 }), { upstreamModel: 'moonshot-v1-8k', stream: false })['n']).toBe(2);
    });

    it('allows n = null for a fixed-sampling model', () => {
      expect(() => adapter.buildRequest(chat({ n: null }), { upstreamModel: 'kimi-k3', stream: false })).not.toThrow();
    });

    it('sends max_tokens as max_completion_tokens', () => {
      const body = adapter.buildRequest(chat({ max_tokens: 1000 }), { upstreamModel: 'kimi-k3', stream: false });
      expect(body['max_completion_tokens']).toBe(1000);
      expect(body).not.toHaveProperty('max_tokens');
    });

    it('sends developer as system and asks for usage when streaming', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'developer', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
          ],
        }),
        {
          upstreamModel: 'kimi-k2.6',
          stream: true,
        },
      );
      expect(body['messages']).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]);
      expect(body['stream_options']).toEqual({ include_usage: true });
    });

    it('keeps reasoning_content of past assistant turns, which K3 needs replayed', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello', reasoning_content: 'Greeting.' },
            { role: 'user', content: 'More' },
          ],
        }),
        { upstreamModel: 'kimi-k3', stream: false },
      );
      expect((body['messages'] as unknown[])[1]).toEqual({
        role: 'assistant',
        content: 'Hello',
        reasoning_content: 'Greeting.',
      });
    });
  });

  describe('classifyError', () => {
    it.each([
      [400, kimiError('content_filter', 'The request was rejected because it was considered high risk'), 'refusal'],
      [400, kimiError('invalid_request_error', 'Invalid request: tools is not valid'), 'invalid_request'],
      [400, kimiError('invalid_request_error', 'Input token length too long'), 'context_length'],
      [400, kimiError('invalid_request_error', 'Your request exceeded model token limit : 262144'), 'context_length'],
      [
        400,
        kimiError(
          'invalid_request_error',
          'Invalid request: Your request exceeded model token limit: 262144 (requested: 269030)',
        ),
        'context_length',
      ],
      [
        400,
        kimiError('invalid_request_error', 'invalid thinking: only type=enabled is allowed for this model'),
        'invalid_request',
      ],
      [401, kimiError('invalid_authentication_error', 'Invalid Authentication'), 'auth'],
      [401, kimiError('incorrect_api_key_error', 'Incorrect API key provided'), 'auth'],
      [403, kimiError('permission_denied_error', 'Permission denied'), 'auth'],
      [404, kimiError('resource_not_found_error', 'Not found the model kimi-latest or Permission denied'), 'not_found'],
      [
        429,
        kimiError(
          'exceeded_current_quota_error',
          'Your account is suspended due to insufficient balance, please recharge your account',
        ),
        'quota',
      ],
      [
        429,
        kimiError(
          'rate_limit_reached_error',
          'Your account reached organization max concurrency: 50, please try again after 1 seconds',
        ),
        'rate_limit',
      ],
      [
        429,
        kimiError('engine_overloaded_error', 'The engine is currently overloaded, please try again later'),
        'overloaded',
      ],
      [500, kimiError('server_error', 'Internal server error'), 'server'],
      [500, kimiError('unexpected_output', 'Unexpected output'), 'server'],
    ])('classifies HTTP %d %j as %s', (status, body, kind) => {
      expect(adapter.classifyError(status, body).kind).toBe(kind);
    });

    it('keeps the error type as the upstream code', () => {
      expect(
        adapter.classifyError(429, kimiError('exceeded_current_quota_error', 'Your account is suspended')),
      ).toEqual({
        kind: 'quota',
        message: 'Your account is suspended',
        upstreamStatus: 429,
        upstreamCode: 'exceeded_current_quota_error',
      });
    });

    it('falls back to the HTTP status for an unknown body', () => {
      expect(adapter.classifyError(503, 'Service Unavailable').kind).toBe('overloaded');
    });
  });

  describe('parseCompletion', () => {
    it('reads cached_tokens from the top level of usage', () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi' } }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, cached_tokens: 64 },
      });
      expect(parsed).toMatchObject({
        ok: true,
        usage: { inputTokens: 100, cachedTokens: 64, outputTokens: 20, reasoningTokens: 0 },
      });
    });

    it('also reads prompt_tokens_details.cached_tokens', () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'stop', message: { content: 'Hi' } }],
        usage: {
          prompt_tokens: 100,
          completion_tokens: 20,
          total_tokens: 120,
          prompt_tokens_details: { cached_tokens: 32 },
        },
      });
      expect(parsed).toMatchObject({ ok: true, usage: { cachedTokens: 32 } });
    });
  });

  describe('stream decoder', () => {
    it('reads usage from inside choices[0] of the final chunk', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"id":"k","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop","usage":{"prompt_tokens":19,"completion_tokens":13,"total_tokens":32,"cached_tokens":10}}]}',
        );
      expect(events).toEqual([
        { type: 'choices', choices: [{ index: 0, delta: {}, finishReason: 'stop' }] },
        { type: 'usage', usage: { inputTokens: 19, cachedTokens: 10, outputTokens: 13, reasoningTokens: 0 } },
      ]);
    });

    it('reads usage from the top level of the final chunk', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":13,"total_tokens":32,"cached_tokens":10}}',
        );
      expect(events[1]).toEqual({
        type: 'usage',
        usage: { inputTokens: 19, cachedTokens: 10, outputTokens: 13, reasoningTokens: 0 },
      });
    });

    it('decodes reasoning deltas, [DONE] and malformed frames', () => {
      const decoder = adapter.createStreamDecoder();
      expect(
        decoder.decode('{"choices":[{"index":0,"delta":{"reasoning_content":"Let me"},"finish_reason":null}]}'),
      ).toEqual([
        { type: 'choices', choices: [{ index: 0, delta: { reasoning_content: 'Let me' }, finishReason: null }] },
      ]);
      expect(decoder.decode('not json')).toMatchObject([{ type: 'failure', failure: { kind: 'server' } }]);
      expect(decoder.decode('[DONE]')).toEqual([{ type: 'done' }]);
    });

    it('reports an in-stream content_filter error as a refusal', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"error":{"type":"content_filter","message":"The request was rejected because it was considered high risk"}}',
        );
      expect(events).toMatchObject([{ type: 'failure', failure: { kind: 'refusal' } }]);
    });
  });

  it('throws AppErrors only, never plain errors, from buildRequest', () => {
    expect(() => adapter.buildRequest(chat({ n: 3 }), { upstreamModel: 'kimi-k2.6', stream: false })).toThrow(AppError);
  });
});
