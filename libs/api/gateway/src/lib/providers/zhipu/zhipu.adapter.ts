import type { ChatMessage } from '../../chat/chat-request.schema';
import { classifyByStatus, OpenAiCompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';
import type { FailureKind, UpstreamFailure } from '../provider-adapter';
import { contentText, Json, rec, str } from '../wire';

/** Zhipu's business codes (strings) say more than the HTTP status. */
function kindForCode(code: number): FailureKind | undefined {
  if (code === 1301) return 'refusal';
  if (code >= 1000 && code <= 1004) return 'auth';
  if (code === 1112 || code === 1121) return 'auth'; // account locked
  if (code === 1113 || code === 1308 || code === 1310 || code === 1313) return 'quota';
  if (code === 1302 || code === 1303 || code === 1304) return 'rate_limit';
  if (code === 1305 || code === 1312) return 'overloaded';
  if (code === 1261) return 'context_length';
  if (code === 1211) return 'not_found';
  if (code === 1210 || code === 1214) return 'invalid_request';
  if (code === 500) return 'server';
  return undefined;
}

/** Zhipu GLM, on BigModel (open.bigmodel.cn) and Z.ai. */
export class ZhipuAdapter extends OpenAiCompatibleAdapter {
  protected override readonly maxTokensField = 'max_tokens' as const;
  protected override readonly developerAsSystem = true;
  // Usage always comes on the final chunk; stream_options' effect here is unconfirmed.
  protected override readonly requestStreamUsage = false;

  protected override transformMessages(messages: ChatMessage[]): Json[] {
    // GLM's chat template silently drops array content on tool and assistant turns.
    return super
      .transformMessages(messages)
      .map((m) =>
        (m['role'] === 'tool' || m['role'] === 'assistant') && Array.isArray(m['content'])
          ? { ...m, content: contentText(m['content']) }
          : m,
      );
  }

  override classifyError(status: number, body: unknown): UpstreamFailure {
    const err = rec(rec(body)['error']);
    const rawCode = err['code'];
    const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
    const message = str(err['message']) ?? `HTTP ${status}`;
    const kind = code && /^\d+$/.test(code) ? kindForCode(Number(code)) : undefined;
    if (kind) return { kind, message, upstreamStatus: status, upstreamCode: code };
    return classifyByStatus(status, message, code);
  }

  protected override normaliseFinishReason(reason: string | null, _body: Json): string | null | UpstreamFailure {
    if (reason === 'sensitive') return 'content_filter';
    if (reason === 'network_error')
      return { kind: 'server', message: 'The upstream reported a network error while generating.' };
    return reason;
  }
}
