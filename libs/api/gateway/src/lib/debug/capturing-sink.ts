import type { Response } from 'express';
import { ClientSink } from '../chat/client-sink';
import type { ChatCompletionChunkOut, ChatCompletionOut, ToolCallOut } from '../chat/openai.types';

/** One choice's generated text, in the order a stream delivers it. */
interface ChoiceText {
  reasoning: string;
  content: string;
  toolCalls: Map<number, { name: string; arguments: string }>;
}

/**
 * The caller's sink for a request whose owner asked for a debug capture: everything it writes goes out
 * unchanged, and the answer's text is also assembled here, in memory, whether it leaves whole or as a
 * stream. It reads what the caller receives (not the upstream's wire), so the capture is the answer
 * the caller got, whichever provider and path served it. Only debug requests pay for the re-reading.
 */
export class CapturingSink extends ClientSink {
  private readonly choices = new Map<number, ChoiceText>();
  private failure: string | null = null;

  constructor(res: Response) {
    super(res);
  }

  override sendJson(status: number, body: unknown): void {
    if (status === 200 && isCompletion(body)) {
      for (const c of body.choices) {
        this.add(c.index, c.message.reasoning_content, c.message.content, c.message.tool_calls);
      }
    }
    super.sendJson(status, body);
  }

  override writeData(data: string): void {
    if (data !== '[DONE]') this.read(data);
    super.writeData(data);
  }

  /** The answer as one text: each choice's reasoning, content and tool calls; an error that ended a stream. */
  completion(): string {
    const indices = [...this.choices.keys()].sort((a, b) => a - b);
    const parts = indices.map((i) => {
      const c = this.choices.get(i) as ChoiceText;
      let text = c.reasoning ? `[reasoning]\n${c.reasoning}\n[/reasoning]\n` : '';
      text += c.content;
      for (const call of c.toolCalls.values()) text += `\n[tool call] ${call.name}(${call.arguments})`;
      return indices.length > 1 ? `[choice ${i}]\n${text}` : text;
    });
    if (this.failure) parts.push(`[error] ${this.failure}`);
    return parts.join('\n\n');
  }

  private read(data: string): void {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (isChunk(event)) {
      for (const c of event.choices) this.add(c.index, c.delta.reasoning_content, c.delta.content, c.delta.tool_calls);
    } else if (isErrorEvent(event)) {
      this.failure = event.error.code ?? event.error.message;
    }
  }

  private add(
    index: number,
    reasoning: string | undefined,
    content: string | null | undefined,
    toolCalls: ToolCallOut[] | undefined,
  ): void {
    let choice = this.choices.get(index);
    if (!choice) {
      choice = { reasoning: '', content: '', toolCalls: new Map() };
      this.choices.set(index, choice);
    }
    choice.reasoning += reasoning ?? '';
    choice.content += content ?? '';
    for (const [n, call] of (toolCalls ?? []).entries()) {
      // Stream deltas name their call by index; a whole message lists them in order.
      const at = call.index ?? n;
      const known = choice.toolCalls.get(at) ?? { name: '', arguments: '' };
      known.name += call.function?.name ?? '';
      known.arguments += call.function?.arguments ?? '';
      choice.toolCalls.set(at, known);
    }
  }
}

function isCompletion(body: unknown): body is ChatCompletionOut {
  return (
    (body as ChatCompletionOut | null)?.object === 'chat.completion' &&
    Array.isArray((body as ChatCompletionOut).choices)
  );
}

function isChunk(event: unknown): event is ChatCompletionChunkOut {
  return (event as ChatCompletionChunkOut | null)?.object === 'chat.completion.chunk';
}

function isErrorEvent(event: unknown): event is { error: { code: string | null; message: string } } {
  return typeof (event as { error?: unknown } | null)?.error === 'object';
}
