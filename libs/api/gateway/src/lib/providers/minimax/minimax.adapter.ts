import type { ChatMessage, ChatRequest } from '../../chat/chat-request.schema';
import type { ChatMessageOut, ChunkDelta } from '../../chat/openai.types';
import {
  classifyByStatus,
  OpenAiCompatibleAdapter,
  OpenAiStreamDecoder,
} from '../openai-compatible/openai-compatible.adapter';
import type { BuildContext, FailureKind, StreamDecoder, StreamEvent, UpstreamFailure } from '../provider-adapter';
import { splitThinkTags, ThinkTagSplitter } from '../think-tag-splitter';
import { contentText, isRecord, Json, num, rec, str } from '../wire';

/** MiniMax rejects unknown top-level fields, so only these are forwarded. */
const ALLOWED_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'tools',
  'tool_choice',
  'response_format',
  'thinking',
  'stop',
  'user',
  'metadata',
]);

const KIND_BY_CODE: Record<number, FailureKind> = {
  1000: 'server',
  1001: 'timeout',
  1002: 'rate_limit',
  1004: 'auth',
  1008: 'quota',
  1024: 'server',
  1026: 'refusal',
  1027: 'refusal',
  1033: 'server',
  1039: 'rate_limit',
  1041: 'rate_limit',
  2013: 'invalid_request',
  2049: 'auth',
  2056: 'quota',
};

const KIND_BY_TYPE: Record<string, FailureKind> = {
  authorized_error: 'auth',
  bad_request_error: 'invalid_request',
  rate_limit_error: 'rate_limit',
  insufficient_balance_error: 'quota',
  overloaded_error: 'overloaded',
  server_error: 'server',
};

/** MiniMax puts its code at the end of the message, e.g. "output new_sensitive (1027)". */
function codeInMessage(message: string): number | undefined {
  const m = /\((\d{4})\)\s*$/.exec(message);
  return m ? Number(m[1]) : undefined;
}

function failureFrom(
  status: number,
  message: string,
  code: number | undefined,
  type: string | undefined,
): UpstreamFailure {
  const kind = (code !== undefined ? KIND_BY_CODE[code] : undefined) ?? (type ? KIND_BY_TYPE[type] : undefined);
  const upstreamCode = code !== undefined ? String(code) : type;
  if (kind) return { kind, message, upstreamStatus: status, upstreamCode };
  return classifyByStatus(status, message, upstreamCode);
}

/** MiniMax, on api.minimax.io and api.minimaxi.com. */
export class MiniMaxAdapter extends OpenAiCompatibleAdapter {
  protected override readonly maxTokensField = 'max_completion_tokens' as const;
  protected override readonly developerAsSystem = true;

  protected override transformMessages(messages: ChatMessage[]): Json[] {
    const mapped = super.transformMessages(messages);
    // More than one system message is a 400 (2013): merge them into one, first.
    const systems = mapped.filter((m) => m['role'] === 'system');
    const others = mapped.filter((m) => m['role'] !== 'system');
    const merged =
      systems.length > 0
        ? [{ role: 'system', content: systems.map((m) => contentText(m['content'])).join('\n\n') }]
        : [];
    return [
      ...merged,
      ...others.map((m) => {
        // MiniMax wants its reasoning back verbatim, inline, as it sent it.
        const reasoning = m['role'] === 'assistant' ? str(m['reasoning_content']) : undefined;
        const { reasoning_content: _dropped, ...rest } = m;
        return reasoning ? { ...rest, content: `<think>${reasoning}</think>\n\n${contentText(m['content'])}` } : rest;
      }),
    ];
  }

  protected override adjustRequest(body: Json, _request: ChatRequest, _context: BuildContext): Json {
    for (const key of Object.keys(body)) if (!ALLOWED_FIELDS.has(key)) delete body[key];
    return body;
  }

  protected override embeddedFailure(body: Json): UpstreamFailure | null {
    if (body['type'] === 'error' && isRecord(body['error'])) {
      const err = body['error'];
      const message = str(err['message']) ?? 'MiniMax error';
      return failureFrom(Number(str(err['http_code']) ?? 500), message, codeInMessage(message), str(err['type']));
    }
    // The older gateway answers HTTP 200 with a non-zero base_resp.status_code.
    const base = rec(body['base_resp']);
    const code = num(base['status_code']);
    if (code !== undefined && code !== 0)
      return failureFrom(200, str(base['status_msg']) ?? `MiniMax error ${code}`, code, undefined);
    return null;
  }

  protected override normaliseFinishReason(reason: string | null, body: Json): string | null | UpstreamFailure {
    // Stream chunks repeat the flag; only the chunk that finishes turns into the finish reason.
    return body['output_sensitive'] === true && reason !== null ? 'content_filter' : reason;
  }

  protected override normaliseMessage(m: Json): ChatMessageOut {
    const out = super.normaliseMessage(m);
    if (out.content) {
      const split = splitThinkTags(out.content);
      out.content = split.content;
      if (split.reasoning) out.reasoning_content = (out.reasoning_content ?? '') + split.reasoning;
    }
    return out;
  }

  override classifyError(status: number, body: unknown): UpstreamFailure {
    const failure = isRecord(body) ? this.embeddedFailure(body) : null;
    if (failure) return { ...failure, upstreamStatus: status };
    const message = typeof body === 'string' ? body.slice(0, 500) : `HTTP ${status}`;
    return failureFrom(status, message, codeInMessage(message), undefined);
  }

  override streamFailure(frame: Json): UpstreamFailure | null {
    return this.embeddedFailure(frame);
  }

  override createStreamDecoder(): StreamDecoder {
    return new MiniMaxStreamDecoder(this);
  }
}

/** Splits inline `<think>` blocks out of streamed content, per choice. */
class MiniMaxStreamDecoder extends OpenAiStreamDecoder {
  private readonly splitters = new Map<number, ThinkTagSplitter>();

  override decode(data: string): StreamEvent[] {
    // Text held back for a possible tag goes out before [DONE] ends the stream.
    if (data.trim() === '[DONE]') return [...this.flush(), { type: 'done' }];
    const events = super.decode(data);
    // ...and before the chunk that finishes its choice, so nothing follows a finish_reason.
    for (const ev of events) {
      if (ev.type !== 'choices') continue;
      for (const c of ev.choices) {
        if (!c.finishReason) continue;
        const rest = this.splitters.get(c.index)?.end();
        if (rest?.content) c.delta.content = (c.delta.content ?? '') + rest.content;
        if (rest?.reasoning) c.delta.reasoning_content = (c.delta.reasoning_content ?? '') + rest.reasoning;
      }
    }
    return events;
  }

  protected override delta(index: number, d: Json): ChunkDelta {
    const delta = super.delta(index, d);
    if (typeof delta.content === 'string' && delta.content.length > 0) {
      let splitter = this.splitters.get(index);
      if (!splitter) this.splitters.set(index, (splitter = new ThinkTagSplitter()));
      const split = splitter.push(delta.content);
      delta.content = split.content;
      if (split.reasoning) delta.reasoning_content = (delta.reasoning_content ?? '') + split.reasoning;
    }
    return delta;
  }

  override flush(): StreamEvent[] {
    const choices = [...this.splitters.entries()].flatMap(([index, s]) => {
      const rest = s.end();
      if (!rest.content && !rest.reasoning) return [];
      const delta: ChunkDelta = {};
      if (rest.content) delta.content = rest.content;
      if (rest.reasoning) delta.reasoning_content = rest.reasoning;
      return [{ index, delta, finishReason: null }];
    });
    return choices.length > 0 ? [{ type: 'choices', choices }] : [];
  }
}
