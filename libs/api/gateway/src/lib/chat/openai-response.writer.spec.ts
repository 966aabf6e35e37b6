import { AppError } from '@vipcloud/platform';
import type { ParsedChoice } from '../providers/provider-adapter';
import type { ClientSink } from './client-sink';
import { OpenAiResponseWriter } from './openai-response.writer';

class RecordingSink {
  data: unknown[] = [];
  json: unknown;
  writeData(data: string): void {
    this.data.push(data === '[DONE]' ? data : JSON.parse(data));
  }
  sendJson(_status: number, body: unknown): void {
    this.json = body;
  }
}

const identity = { id: 'chatcmpl-1', created: 1_700_000_000, model: 'deepseek-flash' };
const usage = { inputTokens: 10, cachedTokens: 2, outputTokens: 5, reasoningTokens: 1 };
const choices: ParsedChoice[] = [
  {
    index: 0,
    finishReason: 'tool_calls',
    message: {
      role: 'assistant',
      content: null,
      reasoning_content: 'think',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      refusal: null,
    },
  },
];

describe('OpenAiResponseWriter', () => {
  const writer = (includeUsage: boolean) => {
    const sink = new RecordingSink();
    return { sink, out: new OpenAiResponseWriter(sink as unknown as ClientSink, { ...identity, includeUsage }) };
  };

  it('writes a whole answer as a chat.completion with OpenAI usage', () => {
    const { sink, out } = writer(false);
    out.completion(choices, usage);
    expect(sink.json).toEqual({
      ...identity,
      object: 'chat.completion',
      system_fingerprint: null,
      choices: [{ index: 0, message: choices[0].message, logprobs: null, finish_reason: 'tool_calls' }],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });
  });

  it('writes chunks with usage: null and a last usage chunk when usage was asked for', () => {
    const { sink, out } = writer(true);
    out.deltas([{ index: 0, delta: { content: 'hi' }, finishReason: null }]);
    out.replay(choices);
    out.contentFilterFinish();
    out.usage(() => usage);
    out.done();
    const chunk = { ...identity, object: 'chat.completion.chunk', system_fingerprint: null, usage: null };
    expect(sink.data).toEqual([
      { ...chunk, choices: [{ index: 0, delta: { content: 'hi' }, logprobs: null, finish_reason: null }] },
      {
        ...chunk,
        choices: [
          {
            index: 0,
            logprobs: null,
            finish_reason: 'tool_calls',
            delta: {
              role: 'assistant',
              content: null,
              reasoning_content: 'think',
              tool_calls: choices[0].message.tool_calls,
            },
          },
        ],
      },
      { ...chunk, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'content_filter' }] },
      expect.objectContaining({
        choices: [],
        usage: expect.objectContaining({ prompt_tokens: 10, completion_tokens: 5 }),
      }),
      '[DONE]',
    ]);
  });

  it('leaves usage out of chunks unless asked, and writes errors as OpenAI error events', () => {
    const { sink, out } = writer(false);
    out.deltas([{ index: 0, delta: { content: 'hi' }, finishReason: 'stop' }]);
    out.usage(() => {
      throw new Error('not asked for: not counted');
    });
    out.error(
      new AppError({ status: 502, type: 'api_error', code: 'upstream_error', message: 'The upstream failed.' }),
    );
    expect(sink.data).toHaveLength(2);
    expect(sink.data[0]).not.toHaveProperty('usage');
    expect(sink.data[1]).toEqual({
      error: { message: 'The upstream failed.', type: 'api_error', param: null, code: 'upstream_error' },
    });
  });
});
