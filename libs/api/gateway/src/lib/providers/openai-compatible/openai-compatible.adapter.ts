import type { ChatMessage, ChatRequest } from '../../chat/chat-request.schema';
import type { ChatMessageOut, ChunkDelta, ToolCallOut } from '../../chat/openai.types';
import type {
  BuildContext,
  ChoiceDelta,
  ParsedChoice,
  ParsedCompletion,
  ProviderAdapter,
  StreamDecoder,
  StreamEvent,
  TokenUsage,
  UpstreamFailure,
} from '../provider-adapter';
import { isRecord, Json, num, rec, str } from '../wire';

type MaxTokensField = 'max_tokens' | 'max_completion_tokens' | 'as-sent';

/**
 * The OpenAI wire format, which every provider here speaks with variations. Provider adapters
 * extend this and override only where their provider differs.
 */
export class OpenAiCompatibleAdapter implements ProviderAdapter {
  /** Which field carries the output cap upstream. */
  protected readonly maxTokensField: MaxTokensField = 'as-sent';
  /** Whether to ask for usage in streams (we always need it for metering). */
  protected readonly requestStreamUsage: boolean = true;
  /** Providers that reject OpenAI's `developer` role get `system` instead. */
  protected readonly developerAsSystem: boolean = false;

  buildRequest(request: ChatRequest, context: BuildContext): Record<string, unknown> {
    const body: Json = { ...request, model: context.upstreamModel, stream: context.stream };
    delete body['stream_options'];
    if (context.stream && this.requestStreamUsage) body['stream_options'] = { include_usage: true };
    if (this.maxTokensField !== 'as-sent') {
      const cap = request.max_completion_tokens ?? request.max_tokens;
      delete body['max_tokens'];
      delete body['max_completion_tokens'];
      if (cap != null) body[this.maxTokensField] = cap;
    }
    body['messages'] = this.transformMessages(request.messages);
    return this.adjustRequest(body, request, context);
  }

  protected transformMessages(messages: ChatMessage[]): Json[] {
    return messages.map((m) =>
      this.developerAsSystem && m.role === 'developer' ? { ...m, role: 'system' } : { ...m },
    );
  }

  /** Last provider-specific changes to the upstream body. */
  protected adjustRequest(body: Json, _request: ChatRequest, _context: BuildContext): Json {
    return body;
  }

  parseCompletion(body: unknown): ParsedCompletion {
    if (!isRecord(body))
      return { ok: false, failure: { kind: 'server', message: 'The upstream returned a malformed response.' } };
    const embedded = this.embeddedFailure(body);
    if (embedded) return { ok: false, failure: embedded };
    const rawChoices = Array.isArray(body['choices']) ? body['choices'] : [];
    if (rawChoices.length === 0)
      return { ok: false, failure: { kind: 'server', message: 'The upstream returned no choices.' } };
    const choices: ParsedChoice[] = [];
    for (const [i, raw] of rawChoices.entries()) {
      const c = rec(raw);
      const finish = this.normaliseFinishReason(str(c['finish_reason']) ?? null, body);
      if (typeof finish === 'object' && finish !== null) return { ok: false, failure: finish };
      choices.push({
        index: num(c['index']) ?? i,
        message: this.normaliseMessage(rec(c['message'])),
        finishReason: finish,
      });
    }
    const usage = extractUsage(body['usage']) ?? extractUsage(rec(rawChoices[0])['usage']);
    return { ok: true, choices, usage };
  }

  /** Errors some providers return inside a 2xx body. */
  protected embeddedFailure(_body: Json): UpstreamFailure | null {
    return null;
  }

  /**
   * OpenAI's finish reasons pass through; provider-specific ones become OpenAI's, or a failure
   * when they mean the upstream broke rather than finished.
   */
  protected normaliseFinishReason(reason: string | null, _body: Json): string | null | UpstreamFailure {
    return reason;
  }

  protected normaliseMessage(m: Json): ChatMessageOut {
    const out: ChatMessageOut = { role: 'assistant', content: str(m['content']) ?? null, refusal: null };
    const reasoning = str(m['reasoning_content']);
    if (reasoning) out.reasoning_content = reasoning;
    const toolCalls = normaliseToolCalls(m['tool_calls']);
    if (toolCalls) out.tool_calls = toolCalls;
    return out;
  }

  classifyError(status: number, body: unknown): UpstreamFailure {
    const err = rec(rec(body)['error']);
    const message = str(err['message']) ?? (typeof body === 'string' && body.length < 500 ? body : `HTTP ${status}`);
    const code = str(err['code']) ?? str(err['type']);
    return classifyByStatus(status, message, code);
  }

  createStreamDecoder(): StreamDecoder {
    return new OpenAiStreamDecoder(this);
  }

  /** Hooks the stream decoder uses, so subclasses change one place for both modes. */
  streamFailure(frame: Json): UpstreamFailure | null {
    if (isRecord(frame['error'])) return this.classifyError(500, frame);
    return this.embeddedFailure(frame);
  }

  streamFinishReason(reason: string | null, frame: Json): string | null | UpstreamFailure {
    return this.normaliseFinishReason(reason, frame);
  }

  streamDelta(d: Json): ChunkDelta {
    const delta: ChunkDelta = {};
    if (d['role'] === 'assistant') delta.role = 'assistant';
    const content = str(d['content']);
    if (content !== undefined) delta.content = content;
    const reasoning = str(d['reasoning_content']);
    if (reasoning) delta.reasoning_content = reasoning;
    const toolCalls = normaliseToolCalls(d['tool_calls']);
    if (toolCalls) delta.tool_calls = toolCalls;
    return delta;
  }
}

export class OpenAiStreamDecoder implements StreamDecoder {
  constructor(protected readonly adapter: OpenAiCompatibleAdapter) {}

  decode(data: string): StreamEvent[] {
    if (data.trim() === '[DONE]') return [{ type: 'done' }];
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return [{ type: 'failure', failure: { kind: 'server', message: 'The upstream sent a malformed stream event.' } }];
    }
    if (!isRecord(frame)) return [];
    const failure = this.adapter.streamFailure(frame);
    if (failure) return [{ type: 'failure', failure }];
    const events: StreamEvent[] = [];
    const rawChoices = Array.isArray(frame['choices']) ? frame['choices'] : [];
    const choices: ChoiceDelta[] = [];
    for (const [i, raw] of rawChoices.entries()) {
      const c = rec(raw);
      const finish = this.adapter.streamFinishReason(str(c['finish_reason']) ?? null, frame);
      if (typeof finish === 'object' && finish !== null) return [...events, { type: 'failure', failure: finish }];
      choices.push({
        index: num(c['index']) ?? i,
        delta: this.delta(num(c['index']) ?? i, rec(c['delta'])),
        finishReason: finish,
      });
    }
    if (choices.length > 0) events.push({ type: 'choices', choices });
    // Usage may ride at the top level or, for Kimi's documented stream form, inside choices[0].
    const usage = extractUsage(frame['usage']) ?? extractUsage(rec(rawChoices[0])['usage']);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  }

  protected delta(_index: number, d: Json): ChunkDelta {
    return this.adapter.streamDelta(d);
  }

  flush(): StreamEvent[] {
    return [];
  }
}

/** Reads every usage form the providers use (see the provider notes); unknown fields are ignored. */
export function extractUsage(raw: unknown): TokenUsage | null {
  if (!isRecord(raw)) return null;
  const input = tokens(raw['prompt_tokens']);
  const output = tokens(raw['completion_tokens']);
  // Usage we cannot bill exactly (missing, fractional, negative) is not usage: we estimate instead.
  if (input === undefined || output === undefined) return null;
  const cached =
    tokens(rec(raw['prompt_tokens_details'])['cached_tokens']) ??
    tokens(raw['prompt_cache_hit_tokens']) ??
    tokens(raw['cached_tokens']) ??
    0;
  const reasoning = tokens(rec(raw['completion_tokens_details'])['reasoning_tokens']) ?? 0;
  return {
    inputTokens: input,
    cachedTokens: Math.min(cached, input),
    outputTokens: output,
    reasoningTokens: Math.min(reasoning, output),
  };
}

const MAX_TOKENS = 2_147_483_647;

function tokens(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 && n <= MAX_TOKENS ? n : undefined;
}

function normaliseToolCalls(raw: unknown): ToolCallOut[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((t, i) => {
    const call = rec(t);
    const fn = rec(call['function']);
    const out: ToolCallOut = { index: num(call['index']) ?? i };
    const id = str(call['id']);
    if (id) out.id = id;
    if (call['type'] === 'function' || id) out.type = 'function';
    const f: ToolCallOut['function'] = {};
    if (str(fn['name']) !== undefined) f.name = str(fn['name']);
    if (str(fn['arguments']) !== undefined) f.arguments = str(fn['arguments']);
    out.function = f;
    return out;
  });
}

const CONTEXT_MESSAGE = /context length|token limit|too long|context window/i;

/** The default mapping from an HTTP status (and OpenAI-style code) to a failure kind. */
export function classifyByStatus(status: number, message: string, code?: string): UpstreamFailure {
  const base = { message, upstreamStatus: status, upstreamCode: code };
  if (code === 'content_filter') return { ...base, kind: 'refusal' };
  if (code === 'insufficient_quota') return { ...base, kind: 'quota' };
  if (code === 'context_length_exceeded') return { ...base, kind: 'context_length' };
  if (status === 400 || status === 422)
    return { ...base, kind: CONTEXT_MESSAGE.test(message) ? 'context_length' : 'invalid_request' };
  if (status === 401 || status === 403) return { ...base, kind: 'auth' };
  if (status === 402) return { ...base, kind: 'quota' };
  if (status === 404) return { ...base, kind: 'not_found' };
  if (status === 408) return { ...base, kind: 'timeout' };
  if (status === 429) return { ...base, kind: 'rate_limit' };
  // Any other 4xx is about this request (413, 415, 409…): the caller's problem, not the route's,
  // so it must not cool the route down for everyone else.
  if (status >= 400 && status < 500) return { ...base, kind: 'invalid_request' };
  if (status === 503 || status === 529) return { ...base, kind: 'overloaded' };
  return { ...base, kind: 'server' };
}
