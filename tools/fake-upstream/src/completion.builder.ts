import type { FakeDirectives } from './directives';
import { splitEvenly, unixNow } from './flavors/flavor.helpers';
import type { Completion, FlavorFormat } from './flavors/flavor.types';
import { contentText, isRecord } from './json.util';

/** Fixed per-message overhead of the deterministic token estimate. */
const TOKENS_PER_MESSAGE = 3;
const CHARS_PER_TOKEN = 4;

export interface ChatRequestView {
  readonly body: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly messageTexts: readonly string[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly maxTokens: number | undefined;
}

/** How generation ends: normally, stopped by the output filter, or cut off by an upstream fault. */
export type CompletionOutcome = 'normal' | 'output_filter' | 'transient';

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Undefined when the body is not a chat completion request a provider would accept. */
export function readChatRequest(body: unknown): ChatRequestView | undefined {
  if (!isRecord(body)) return undefined;
  const { model, messages, stream, stream_options: streamOptions } = body;
  if (typeof model !== 'string' || model === '' || !Array.isArray(messages) || messages.length === 0) return undefined;
  const messageTexts: string[] = [];
  for (const message of messages) {
    if (!isRecord(message) || typeof message['role'] !== 'string') return undefined;
    messageTexts.push(contentText(message['content'], ''));
  }
  return {
    body,
    model,
    messageTexts,
    stream: stream === true,
    includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
    maxTokens: positiveInteger(body['max_completion_tokens']) ?? positiveInteger(body['max_tokens']),
  };
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Cuts by UTF-16 units like the token estimate, without leaving half a surrogate pair behind. */
function truncate(text: string, maxUnits: number): string {
  const cut = text.slice(0, maxUnits);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export function buildCompletion(
  format: FlavorFormat,
  request: ChatRequestView,
  directives: FakeDirectives,
  outcome: CompletionOutcome,
): Completion {
  let think = directives.think ?? '';
  const once =
    directives.reply ?? (directives.tool !== undefined ? '' : `Hello from the fake ${format.flavor} upstream.`);
  let reply = once.repeat(directives.repeat);
  let toolName = directives.tool;
  let finishReason = toolName !== undefined ? 'tool_calls' : 'stop';
  let outputSensitive = false;
  // Split once and repeated: splitting a reply of megabytes character by character would be slow.
  const onceChunks = splitEvenly(once, directives.chunks);
  let replyChunks =
    directives.repeat === 1 ? onceChunks : Array.from({ length: directives.repeat }, () => onceChunks).flat();

  const stopReason =
    outcome === 'output_filter'
      ? format.outputFilterFinishReason
      : outcome === 'transient'
        ? format.transientFinishReason
        : undefined;
  if (stopReason !== undefined) {
    // Generation was interrupted after the first piece of the answer.
    replyChunks = replyChunks.slice(0, 1);
    reply = replyChunks.join('');
    toolName = undefined;
    finishReason = stopReason;
  } else if (outcome === 'output_filter' && !request.stream) {
    // Without a finish reason for it, the filter shows as flags on an empty answer.
    reply = '';
    think = '';
    replyChunks = [];
    toolName = undefined;
    outputSensitive = true;
  } else if (outcome === 'normal' && request.maxTokens !== undefined) {
    const budget = request.maxTokens;
    const thinkTokens = estimateTokens(think);
    if (thinkTokens + estimateTokens(reply) > budget) {
      // Thinking is spent first, so a small budget can leave an empty answer.
      if (thinkTokens >= budget) {
        think = truncate(think, budget * CHARS_PER_TOKEN);
        reply = '';
      } else {
        reply = truncate(reply, (budget - thinkTokens) * CHARS_PER_TOKEN);
      }
      replyChunks = splitEvenly(reply, directives.chunks);
      toolName = undefined;
      finishReason = 'length';
    }
  }

  const promptTokens = request.messageTexts.reduce((sum, text) => sum + estimateTokens(text) + TOKENS_PER_MESSAGE, 0);
  const reasoningTokens = estimateTokens(think);
  const completionTokens = estimateTokens(reply) + reasoningTokens;
  return {
    id: format.newId(),
    created: unixNow(),
    model: request.model,
    reply,
    replyChunks,
    think,
    toolName,
    toolArguments: directives.toolArgs,
    finishReason,
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
      reasoningTokens,
      cachedTokens: directives.cached,
    },
    includeUsage: request.includeUsage,
    usageTopLevel: directives.usageTopLevel,
    outputSensitive,
  };
}
