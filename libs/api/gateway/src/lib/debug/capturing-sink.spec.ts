import type { Response } from 'express';
import { AppError } from '@vipcloud/platform';
import { OpenAiResponseWriter } from '../chat/openai-response.writer';
import type { ParsedChoice } from '../providers/provider-adapter';
import { CapturingSink } from './capturing-sink';

/** What a caller's response receives, enough for the sink's writes. */
function fakeResponse(): { res: Response; written: string[] } {
  const written: string[] = [];
  const res = {
    statusCode: 0,
    writableEnded: false,
    headersSent: false,
    setHeader: () => res,
    status: () => res,
    write: (chunk: string) => written.push(chunk) > 0,
    end: (chunk?: string) => {
      if (chunk) written.push(chunk);
      res.writableEnded = true;
    },
  };
  return { res: res as unknown as Response, written };
}

const identity = { id: 'chatcmpl-1', created: 1_700_000_000, model: 'deepseek-flash', includeUsage: true };
const usage = { inputTokens: 10, cachedTokens: 0, outputTokens: 5, reasoningTokens: 0 };

describe('CapturingSink', () => {
  it('keeps a whole answer’s text and passes the body through unchanged', () => {
    const { res, written } = fakeResponse();
    const sink = new CapturingSink(res);
    const choices: ParsedChoice[] = [
      {
        index: 0,
        finishReason: 'stop',
        message: { role: 'assistant', content: 'Hello there', refusal: null },
      },
    ];
    new OpenAiResponseWriter(sink, identity).completion(choices, usage);
    expect(sink.completion()).toBe('Hello there');
    expect(JSON.parse(written[0]).choices[0].message.content).toBe('Hello there');
  });

  it('assembles a stream’s deltas, reasoning and tool calls, per choice', () => {
    const { res, written } = fakeResponse();
    const sink = new CapturingSink(res);
    const out = new OpenAiResponseWriter(sink, identity);
    out.deltas([{ index: 0, delta: { role: 'assistant', reasoning_content: 'hmm' }, finishReason: null }]);
    out.deltas([
      { index: 0, delta: { content: 'Hel' }, finishReason: null },
      { index: 1, delta: { content: 'Other' }, finishReason: null },
    ]);
    out.deltas([{ index: 0, delta: { content: 'lo' }, finishReason: null }]);
    out.deltas([
      {
        index: 0,
        delta: {
          tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'look', arguments: '{"q"' } }],
        },
        finishReason: null,
      },
    ]);
    out.deltas([
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finishReason: 'stop' },
    ]);
    out.usage(() => usage);
    out.done();
    expect(sink.completion()).toBe(
      '[choice 0]\n[reasoning]\nhmm\n[/reasoning]\nHello\n[tool call] look({"q":1})\n\n[choice 1]\nOther',
    );
    expect(written.at(-1)).toBe('data: [DONE]\n\n');
  });

  it('keeps a replayed answer and notes an error that ended the stream', () => {
    const { res } = fakeResponse();
    const sink = new CapturingSink(res);
    const out = new OpenAiResponseWriter(sink, identity);
    out.replay([{ index: 0, finishReason: null, message: { role: 'assistant', content: 'Partial', refusal: null } }]);
    out.error(new AppError({ status: 502, type: 'api_error', code: 'upstream_error', message: 'gone' }));
    expect(sink.completion()).toBe('Partial\n\n[error] upstream_error');
  });
});
