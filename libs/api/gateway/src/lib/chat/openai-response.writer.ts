import type { AppError } from '@vipcloud/platform';
import type { ChoiceDelta, ParsedChoice, TokenUsage } from '../providers/provider-adapter';
import type { ClientSink } from './client-sink';
import type { ChatCompletionChunkOut, ChatCompletionOut, ChunkChoiceOut, OpenAiUsage } from './openai.types';

export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model as the caller named it, never the upstream's name for it. */
  model: string;
  /** The caller asked for `stream_options.include_usage`: every chunk says `usage: null`, a last one carries it. */
  includeUsage: boolean;
}

/**
 * The only place that shapes what the caller receives, so a whole answer, a relayed stream and a
 * replayed one cannot drift apart. Writes go to the caller's sink; batching stays with the caller.
 */
export class OpenAiResponseWriter {
  constructor(
    private readonly sink: ClientSink,
    private readonly identity: ResponseIdentity,
  ) {}

  /** A whole answer, for a caller who did not ask for a stream. */
  completion(choices: ParsedChoice[], usage: TokenUsage): void {
    const { id, created, model } = this.identity;
    const body: ChatCompletionOut = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: choices.map((c) => ({
        index: c.index,
        message: c.message,
        logprobs: null,
        finish_reason: c.finishReason,
      })),
      usage: toOpenAiUsage(usage),
      system_fingerprint: null,
    };
    this.sink.sendJson(200, body);
  }

  /** One stream chunk with the upstream's deltas. */
  deltas(choices: ChoiceDelta[]): void {
    this.chunk(choices.map((c) => ({ index: c.index, delta: c.delta, logprobs: null, finish_reason: c.finishReason })));
  }

  /** A whole answer as stream chunks, one per choice, for a stream caller whose upstream answered in one piece. */
  replay(choices: ParsedChoice[]): void {
    for (const c of choices) {
      const { content, reasoning_content: reasoning, tool_calls: toolCalls } = c.message;
      const delta = {
        role: 'assistant' as const,
        content,
        ...(reasoning ? { reasoning_content: reasoning } : {}),
        ...(toolCalls ? { tool_calls: toolCalls } : {}),
      };
      this.chunk([{ index: c.index, delta, logprobs: null, finish_reason: c.finishReason }]);
    }
  }

  /** The output filter stopped a stream mid-answer: OpenAI's content_filter finish, not an error. */
  contentFilterFinish(): void {
    this.chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'content_filter' }]);
  }

  /**
   * The last chunk when the caller asked for usage; nothing otherwise. Takes a function so that an estimate
   * (tokenising the answer) is not counted before the stream ends unless the caller wants it.
   */
  usage(usage: () => TokenUsage): void {
    if (!this.identity.includeUsage) return;
    this.sink.writeData(JSON.stringify({ ...this.base([]), usage: toOpenAiUsage(usage()) }));
  }

  /** An error after the stream started: the status line is gone, so it travels as an event. */
  error(error: AppError): void {
    this.sink.writeData(
      JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } }),
    );
  }

  done(): void {
    this.sink.writeData('[DONE]');
  }

  private chunk(choices: ChunkChoiceOut[]): void {
    const out = this.base(choices);
    if (this.identity.includeUsage) out.usage = null;
    this.sink.writeData(JSON.stringify(out));
  }

  private base(choices: ChunkChoiceOut[]): ChatCompletionChunkOut {
    const { id, created, model } = this.identity;
    return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices };
  }
}

export function toOpenAiUsage(u: TokenUsage): OpenAiUsage {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}
