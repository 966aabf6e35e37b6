import type { ChatRequest } from '../../chat/chat-request.schema';
import { ZhipuAdapter } from './zhipu.adapter';

function chat(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'glm-5.3', messages: [{ role: 'user', content: 'Hi' }], ...extra } as ChatRequest;
}

const zhipuError = (code: string, message: string) => ({ error: { code, message } });

describe('ZhipuAdapter', () => {
  const adapter = new ZhipuAdapter();

  describe('buildRequest', () => {
    it('flattens array content on assistant and tool messages to a string', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'Look: ' },
                { type: 'image_url', image_url: { url: 'https://x/y.png' } },
              ],
            },
            {
              role: 'assistant',
              content: [
                { type: 'text', text: 'Calling ' },
                { type: 'text', text: 'a tool.' },
              ],
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
            {
              role: 'tool',
              tool_call_id: 'c1',
              content: [
                { type: 'text', text: '{"ok":' },
                { type: 'text', text: 'true}' },
              ],
            },
          ],
        }),
        { upstreamModel: 'glm-5.3', stream: false },
      );
      expect(body['messages']).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look: ' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Calling a tool.',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
      ]);
    });

    it('leaves string and null content alone', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'user', content: 'Hi' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'done' },
          ],
        }),
        { upstreamModel: 'glm-5.3', stream: false },
      );
      expect((body['messages'] as Array<Record<string, unknown>>).map((m) => m['content'])).toEqual([
        'Hi',
        null,
        'done',
      ]);
    });

    it('sends no stream_options, even when streaming or when the caller sent some', () => {
      const body = adapter.buildRequest(chat({ stream: true, stream_options: { include_usage: true } }), {
        upstreamModel: 'glm-5.3',
        stream: true,
      });
      expect(body['stream']).toBe(true);
      expect(body).not.toHaveProperty('stream_options');
    });

    it('sends developer as system and max_completion_tokens as max_tokens', () => {
      const body = adapter.buildRequest(
        chat({
          messages: [
            { role: 'developer', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
          ],
          max_completion_tokens: 50,
        }),
        { upstreamModel: 'glm-5.3', stream: false },
      );
      expect((body['messages'] as Array<Record<string, unknown>>)[0]).toEqual({ role: 'system', content: 'Be brief.' });
      expect(body['max_tokens']).toBe(50);
      expect(body).not.toHaveProperty('max_completion_tokens');
    });
  });

  describe('classifyError', () => {
    it.each([
      [401, zhipuError('1000', 'Authentication failed'), 'auth'],
      [401, zhipuError('1001', 'Authentication parameter not received in Header, unable to authenticate'), 'auth'],
      [401, zhipuError('1002', 'Invalid Authentication Token'), 'auth'],
      [401, zhipuError('1003', 'Authentication Token expired'), 'auth'],
      [401, zhipuError('1004', 'Authentication failed'), 'auth'],
      [400, zhipuError('1210', 'Incorrect API call parameters'), 'invalid_request'],
      [400, zhipuError('1211', 'Unknown Model, please check the model code'), 'not_found'],
      [400, zhipuError('1214', 'Invalid field'), 'invalid_request'],
      [400, zhipuError('1261', 'Prompt exceeds max length'), 'context_length'],
      [
        400,
        zhipuError(
          '1301',
          'System detected potentially unsafe or sensitive content in input or generation. Please avoid using prompts or content that may generate sensitive information.',
        ),
        'refusal',
      ],
      [
        400,
        zhipuError(
          '1301',
          '系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。',
        ),
        'refusal',
      ],
      [
        429,
        zhipuError('1113', 'Your account is in arrears. Insufficient balance or no resource package, please recharge.'),
        'quota',
      ],
      [
        429,
        zhipuError(
          '1302',
          'High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits',
        ),
        'rate_limit',
      ],
      [
        429,
        zhipuError(
          '1303',
          'High frequency usage of this API, please reduce frequency or contact customer service to increase limits',
        ),
        'rate_limit',
      ],
      [429, zhipuError('1304', 'Daily call limit reached'), 'rate_limit'],
      [429, zhipuError('1305', 'The service may be temporarily overloaded, please try again later'), 'overloaded'],
      [429, zhipuError('1312', 'The model is overloaded'), 'overloaded'],
      [429, zhipuError('1308', 'Usage limit reached for the plan'), 'quota'],
      [429, zhipuError('1310', 'Weekly/monthly limit exhausted'), 'quota'],
      [429, zhipuError('1313', 'Fair use limit reached'), 'quota'],
      [429, zhipuError('1112', 'Your account has been locked'), 'auth'],
      [429, zhipuError('1121', 'Your account has been locked'), 'auth'],
      [500, zhipuError('500', 'Internal Error'), 'server'],
    ])('classifies HTTP %d %j as %s', (status, body, kind) => {
      expect(adapter.classifyError(status, body).kind).toBe(kind);
    });

    it('keeps the business code as the upstream code', () => {
      expect(adapter.classifyError(429, zhipuError('1113', 'Insufficient balance'))).toEqual({
        kind: 'quota',
        message: 'Insufficient balance',
        upstreamStatus: 429,
        upstreamCode: '1113',
      });
    });

    it('accepts a numeric business code', () => {
      expect(adapter.classifyError(400, { error: { code: 1301, message: 'unsafe' } }).kind).toBe('refusal');
    });

    it('falls back to the HTTP status for an unknown code', () => {
      expect(adapter.classifyError(429, zhipuError('1999', 'Something new')).kind).toBe('rate_limit');
      expect(adapter.classifyError(400, zhipuError('1999', 'Something new')).kind).toBe('invalid_request');
      expect(adapter.classifyError(502, 'Bad Gateway').kind).toBe('server');
    });
  });

  describe('parseCompletion', () => {
    it('reads usage with prompt_tokens_details', () => {
      const parsed = adapter.parseCompletion({
        id: 'z1',
        request_id: 'r1',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'Hi', reasoning_content: 'Think.' },
          },
        ],
        usage: {
          prompt_tokens: 30,
          completion_tokens: 10,
          total_tokens: 40,
          prompt_tokens_details: { cached_tokens: 12 },
        },
      });
      expect(parsed).toEqual({
        ok: true,
        choices: [
          {
            index: 0,
            finishReason: 'stop',
            message: { role: 'assistant', content: 'Hi', refusal: null, reasoning_content: 'Think.' },
          },
        ],
        usage: { inputTokens: 30, cachedTokens: 12, outputTokens: 10, reasoningTokens: 0 },
      });
    });

    it("maps finish reason 'sensitive' to 'content_filter'", () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'sensitive', message: { content: 'I cannot' } }],
      });
      expect(parsed).toMatchObject({ ok: true, choices: [{ finishReason: 'content_filter' }] });
    });

    it("reports finish reason 'network_error' as a failure", () => {
      const parsed = adapter.parseCompletion({
        choices: [{ index: 0, finish_reason: 'network_error', message: { content: 'Par' } }],
      });
      expect(parsed).toMatchObject({ ok: false, failure: { kind: 'server' } });
    });
  });

  describe('stream decoder', () => {
    it("reads the final chunk with finish 'sensitive' and usage", () => {
      const events = adapter
        .createStreamDecoder()
        .decode(
          '{"id":"sens-1","object":"chat.completion.chunk","created":1702657020,"model":"glm-4-flash","choices":[{"index":0,"delta":{"role":"assistant","content":"I cannot"},"finish_reason":"sensitive"}],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}',
        );
      expect(events).toEqual([
        {
          type: 'choices',
          choices: [{ index: 0, delta: { role: 'assistant', content: 'I cannot' }, finishReason: 'content_filter' }],
        },
        { type: 'usage', usage: { inputTokens: 10, cachedTokens: 0, outputTokens: 2, reasoningTokens: 0 } },
      ]);
    });

    it("reports finish 'network_error' mid-stream as a failure", () => {
      const events = adapter
        .createStreamDecoder()
        .decode('{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"network_error"}]}');
      expect(events).toMatchObject([{ type: 'failure', failure: { kind: 'server' } }]);
    });

    it('reports an in-stream 1301 error frame as a refusal', () => {
      const events = adapter
        .createStreamDecoder()
        .decode('{"error":{"code":"1301","message":"System detected potentially unsafe or sensitive content"}}');
      expect(events).toMatchObject([{ type: 'failure', failure: { kind: 'refusal', upstreamCode: '1301' } }]);
    });

    it('decodes [DONE] and malformed frames', () => {
      const decoder = adapter.createStreamDecoder();
      expect(decoder.decode('{oops')).toMatchObject([{ type: 'failure', failure: { kind: 'server' } }]);
      expect(decoder.decode('[DONE]')).toEqual([{ type: 'done' }]);
    });
  });
});
