import type { ChatRequest } from '../../chat/chat-request.schema';
import type { ChoiceDelta, StreamEvent } from '../provider-adapter';
import { MiniMaxAdapter } from './minimax.adapter';

function chat(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'minimax-m3', messages: [{ role: 'user', content: 'Hi' }], ...extra } as ChatRequest;
}

const gatewayError = (type: string, message: string, httpCode: string) => ({
  type: 'error',
  error: { type, message, http_code: httpCode },
  request_id: 'req-1',
});

const okBody = (extra: Record<string, unknown> = {}) => ({
  id: 'mm1',
  choices: [
    {
      finish_reason: 'stop',
      index: 0,
      message: {
        content: '<think>The user greets.</think>\n\nHello!',
        role: 'assistant',
        name: 'MiniMax AI',
        audio_content: '',
      },
    },
  ],
  created: 1776839993,
  model: 'MiniMax-M2.7',
  object: 'chat.completion',
  usage: {
    total_tokens: 80,
    total_characters: 0,
    prompt_tokens: 42,
    completion_tokens: 38,
    completion_tokens_details: { reasoning_tokens: 29 },
  },
  input_sensitive: false,
  output_sensitive: false,
  input_sensitive_type: 0,
  output_sensitive_type: 0,
  output_sensitive_int: 0,
  base_resp: { status_code: 0, status_msg: '' },
  ...extra,
});

/** Joins the content and reasoning a sequence of stream events carries, per choice 0. */
function joined(events: StreamEvent[]): { content: string; reasoning: string } {
  const deltas = events.flatMap((e) => (e.type === 'choices' ? e.choices : [])) as ChoiceDelta[];
  return {
    content: deltas.map((c) => c.delta.content ?? '').join(''),
    reasoning: deltas.map((c) => c.delta.reasoning_content ?? '').join(''),
  };
}

describe('MiniMaxAdapter', () => {
  const adapter = new MiniMaxAdapter();

  describe('buildRequest', () => {
    it('merges several system and developer messages into one system message, first', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'system', content: 'Rule one.' },
            { role: 'user', content: 'Hi' },
            { role: 'developer', content: 'Rule two.' },
            { role: 'system', content: [{ type: 'text', text: 'Rule three.' }] },
            { role: 'user', content: 'Again' },
          ],
        }),
        { upstreamModel: 'MiniMax-M3', stream: false },
      );
      expect(body['messages']).toEqual([
        { role: 'system', content: 'Rule one.\n\nRule two.\n\nRule three.' },
        { role: 'user', content: 'Hi' },
        { role: 'user', content: 'Again' },
      ]);
    });

    it('adds no system message when there is none', () => {
      const body = adapter.buildRequest(chat(), { upstreamModel: 'MiniMax-M3', stream: false });
      expect(body['messages']).toEqual([{ role: 'user', content: 'Hi' }]);
    });

    it('drops unknown top-level fields and keeps the allowed ones', () => {
      const body = adapter.buildRequest(
        chat({
          temperature: 0.5,
          top_p: 0.9,
          presence_penalty: 1,
          frequency_penalty: 1,
          reasoning_effort: 'high',
          user: 'u1',
          stop: ['END'],
          tools: [{ type: 'function' }],
          tool_choice: 'auto',
          response_format: { type: 'json_object' },
          max_tokens: 300,
          ...({ reasoning_split: true, logit_bias: { '1': 2 }, thinking: { type: 'adaptive' } } as object),
        }),
        { upstreamModel: 'MiniMax-M3', stream: true },
      );
      expect(Object.keys(body).sort()).toEqual(
        [
          'max_completion_tokens',
          'messages',
          'model',
          'response_format',
          'stop',
          'stream',
          'stream_options',
          'temperature',
          'thinking',
          'tool_choice',
          'tools',
          'top_p',
          'user',
        ].sort(),
      );
      expect(body['max_completion_tokens']).toBe(300);
      expect(body['stream_options']).toEqual({ include_usage: true });
      expect(body['model']).toBe('MiniMax-M3');
    });

    it('re-inlines reasoning_content of assistant turns as a think block', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!', reasoning_content: 'The user greets.' },
            { role: 'user', content: 'Call f' },
            {
              role: 'assistant',
              content: null,
              reasoning_content: 'Need f.',
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'ok' },
            { role: 'assistant', content: 'No reasoning here.', reasoning_content: null },
          ],
        }),
        { upstreamModel: 'MiniMax-M2.7', stream: false },
      );
      expect(body['messages']).toEqual([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '<think>The user greets.</think>\n\nHello!' },
        { role: 'user', content: 'Call f' },
        {
          role: 'assistant',
          content: '<think>Need f.</think>\n\n',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        { role: 'assistant', content: 'No reasoning here.' },
      ]);
    });
  });

  describe('classifyError', () => {
    it.each([
      [
        'a missing key on the new gateway',
        401,
        gatewayError(
          'authorized_error',
          "login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)",
          '401',
        ),
        'auth',
      ],
      [
        'a bad request',
        400,
        gatewayError('bad_request_error', 'invalid params, invalid chat setting (2013)', '400'),
        'invalid_request',
      ],
      ['a rate limit', 429, gatewayError('rate_limit_error', 'rate limit exceeded (1002)', '429'), 'rate_limit'],
      ['a TPM limit', 429, gatewayError('rate_limit_error', 'token limit exceeded (1039)', '429'), 'rate_limit'],
      [
        'an insufficient balance',
        402,
        gatewayError('insufficient_balance_error', 'insufficient balance (1008)', '402'),
        'quota',
      ],
      [
        'an output sensitive 422',
        422,
        gatewayError('unprocessable_entity_error', 'output new_sensitive (1027)', '422'),
        'refusal',
      ],
      [
        'an input sensitive 422',
        422,
        gatewayError('unprocessable_entity_error', 'input new_sensitive (1026)', '422'),
        'refusal',
      ],
      [
        'an input sensitive 500',
        500,
        gatewayError(
          'server_error',
          "input new_sensitive, messages[13]'s content[2] image is sensitive, please check your input (1026)",
          '500',
        ),
        'refusal',
      ],
      [
        'an overloaded gateway',
        529,
        gatewayError('overloaded_error', 'The server cluster is currently under high load', '529'),
        'overloaded',
      ],
      ['a server error', 500, gatewayError('server_error', 'internal error (1024)', '500'), 'server'],
      [
        'a system error on the Anthropic endpoint',
        500,
        { type: 'error', error: { type: 'api_error', message: 'system error (1033)' } },
        'server',
      ],
      ['an invalid api key', 401, gatewayError('authorized_error', 'invalid api key (2049)', '401'), 'auth'],
      ['a usage limit', 429, gatewayError('rate_limit_error', 'usage limit exceeded (2056)', '429'), 'quota'],
    ])('classifies %s (HTTP %d) as %s', (_name, status, body, kind) => {
      expect(adapter.classifyError(status, body).kind).toBe(kind);
    });

    it('reports the real HTTP status and the code from the message', () => {
      expect(
        adapter.classifyError(422, gatewayError('unprocessable_entity_error', 'output new_sensitive (1027)', '422')),
      ).toEqual({
        kind: 'refusal',
        message: 'output new_sensitive (1027)',
        upstreamStatus: 422,
        upstreamCode: '1027',
      });
    });

    it('classifies a base_resp error on an error status', () => {
      expect(
        adapter.classifyError(500, { base_resp: { status_code: 1008, status_msg: 'insufficient balance' } }).kind,
      ).toBe('quota');
    });

    it('falls back to the HTTP status for a body it does not know', () => {
      expect(adapter.classifyError(503, 'Service Unavailable').kind).toBe('overloaded');
      expect(adapter.classifyError(429, {}).kind).toBe('rate_limit');
      expect(adapter.classifyError(500, 'upstream failure (1027)').kind).toBe('refusal');
    });
  });

  describe('parseCompletion', () => {
    it('moves the inline think block to reasoning_content and reads usage', () => {
      expect(adapter.parseCompletion(okBody())).toEqual({
        ok: true,
        choices: [
          {
            index: 0,
            finishReason: 'stop',
            message: { role: 'assistant', content: 'Hello!', refusal: null, reasoning_content: 'The user greets.' },
          },
        ],
        usage: { inputTokens: 42, cachedTokens: 0, outputTokens: 38, reasoningTokens: 29 },
      });
    });

    it('reads prompt_tokens_details.cached_tokens if MiniMax sends it', () => {
      const parsed = adapter.parseCompletion(
        okBody({
          usage: {
            prompt_tokens: 42,
            completion_tokens: 38,
            total_tokens: 80,
            prompt_tokens_details: { cached_tokens: 20 },
          },
        }),
      );
      expect(parsed).toMatchObject({ ok: true, usage: { cachedTokens: 20 } });
    });

    it.each([
      [1000, 'server'],
      [1001, 'timeout'],
      [1002, 'rate_limit'],
      [1004, 'auth'],
      [1008, 'quota'],
      [1024, 'server'],
      [1026, 'refusal'],
      [1027, 'refusal'],
      [1033, 'server'],
      [1039, 'rate_limit'],
      [1041, 'rate_limit'],
      [2013, 'invalid_request'],
      [2049, 'auth'],
      [2056, 'quota'],
    ])('reports base_resp.status_code %d on HTTP 200 as a %s failure', (code, kind) => {
      const parsed = adapter.parseCompletion({
        id: 'x',
        choices: null,
        base_resp: { status_code: code, status_msg: 'error' },
      });
      expect(parsed).toEqual({
        ok: false,
        failure: { kind, message: 'error', upstreamStatus: 200, upstreamCode: String(code) },
      });
    });

    it('reports a new-gateway error body on HTTP 200 as a failure', () => {
      const parsed = adapter.parseCompletion(
        gatewayError('unprocessable_entity_error', 'output new_sensitive (1027)', '422'),
      );
      expect(parsed).toMatchObject({ ok: false, failure: { kind: 'refusal' } });
    });

    it("maps output_sensitive: true to finish reason 'content_filter'", () => {
      const parsed = adapter.parseCompletion(
        okBody({
          output_sensitive: true,
          output_sensitive_type: 1,
          choices: [{ finish_reason: 'stop', index: 0, message: { content: '', role: 'assistant' } }],
        }),
      );
      expect(parsed).toMatchObject({ ok: true, choices: [{ finishReason: 'content_filter' }] });
    });
  });

  describe('stream decoder', () => {
    it('splits a think block across chunks into reasoning and content', () => {
      const decoder = adapter.createStreamDecoder();
      const pieces = ['<thi', 'nk>The user', ' greets.</th', 'ink>\n', '\nHel', 'lo!'];
      const events = pieces.flatMap((content, i) =>
        decoder.decode(
          JSON.stringify({
            id: 'mm',
            choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }],
            usage: null,
            input_sensitive: false,
            output_sensitive: false,
            base_resp: i === 0 ? { status_code: 0, status_msg: '' } : undefined,
          }),
        ),
      );
      events.push(...decoder.flush());
      expect(joined(events)).toEqual({ content: 'Hello!', reasoning: 'The user greets.' });
      for (const e of events) expect(JSON.stringify(e)).not.toMatch(/<|>/);
    });

    it('flushes a held-back partial tag at the end of the stream', () => {
      const decoder = adapter.createStreamDecoder();
      const first = decoder.decode(
        '{"choices":[{"index":0,"delta":{"content":"<think>still thinking</thi"},"finish_reason":null}]}',
      );
      expect(joined(first)).toEqual({ content: '', reasoning: 'still thinking' });
      expect(decoder.flush()).toEqual([
        { type: 'choices', choices: [{ index: 0, delta: { reasoning_content: '</thi' }, finishReason: null }] },
      ]);
    });

    it('flushes held-back content as content', () => {
      const decoder = adapter.createStreamDecoder();
      expect(joined(decoder.decode('{"choices":[{"index":0,"delta":{"content":"<"},"finish_reason":null}]}'))).toEqual({
        content: '',
        reasoning: '',
      });
      expect(decoder.flush()).toEqual([
        { type: 'choices', choices: [{ index: 0, delta: { content: '<' }, finishReason: null }] },
      ]);
    });

    it('keeps a separate splitter per choice', () => {
      const decoder = adapter.createStreamDecoder();
      const events = [
        ...decoder.decode(
          '{"choices":[{"index":0,"delta":{"content":"<think>a"},"finish_reason":null},{"index":1,"delta":{"content":"plain"},"finish_reason":null}]}',
        ),
        ...decoder.decode(
          '{"choices":[{"index":0,"delta":{"content":"</think>x"},"finish_reason":null},{"index":1,"delta":{"content":" text"},"finish_reason":null}]}',
        ),
      ];
      const byIndex = (i: number) =>
        events.flatMap((e) => (e.type === 'choices' ? e.choices : [])).filter((c) => c.index === i);
      expect(
        byIndex(0)
          .map((c) => c.delta.reasoning_content ?? '')
          .join(''),
      ).toBe('a');
      expect(
        byIndex(0)
          .map((c) => c.delta.content ?? '')
          .join(''),
      ).toBe('x');
      expect(
        byIndex(1)
          .map((c) => c.delta.content ?? '')
          .join(''),
      ).toBe('plain text');
    });

    it('has nothing to flush when nothing was held back', () => {
      const decoder = adapter.createStreamDecoder();
      decoder.decode('{"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}');
      expect(decoder.flush()).toEqual([]);
    });

    it('reads usage from the last chunk', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"total_tokens":80,"prompt_tokens":42,"completion_tokens":38,"completion_tokens_details":{"reasoning_tokens":29}},"base_resp":{"status_code":0,"status_msg":""}}',
        );
      expect(events).toContainEqual({
        type: 'usage',
        usage: { inputTokens: 42, cachedTokens: 0, outputTokens: 38, reasoningTokens: 29 },
      });
    });

    it('reports the in-stream error frame as a refusal', () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"type":"error","error":{"type":"unprocessable_entity_error","message":"output new_sensitive (1027)","http_code":"422"},"request_id":"x"}',
        );
      expect(events).toEqual([
        {
          type: 'failure',
          failure: {
            kind: 'refusal',
            message: 'output new_sensitive (1027)',
            upstreamStatus: 422,
            upstreamCode: '1027',
          },
        },
      ]);
    });

    it("maps an output_sensitive final chunk to finish 'content_filter'", () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"output_sensitive":true,"base_resp":{"status_code":0}}',
        );
      expect(events[0]).toMatchObject({ type: 'choices', choices: [{ finishReason: 'content_filter' }] });
    });

    it('reports a base_resp error in a stream frame as a failure', () => {
      const events = adapter
        .createStreamDecoder()
        .decode('{"choices":[],"base_resp":{"status_code":1002,"status_msg":"rate limit"}}');
      expect(events).toMatchObject([{ type: 'failure', failure: { kind: 'rate_limit' } }]);
    });

    it('decodes [DONE] and malformed frames', () => {
      const decoder = adapter.createStreamDecoder();
      expect(decoder.decode('[DONE]')).toEqual([{ type: 'done' }]);
      expect(decoder.decode('data: {')).toMatchObject([{ type: 'failure', failure: { kind: 'server' } }]);
    });
  });
});
