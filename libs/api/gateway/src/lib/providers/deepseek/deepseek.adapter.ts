import { classifyByStatus, OpenAiCompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';
import type { UpstreamFailure } from '../provider-adapter';
import { Json, rec, str } from '../wire';

const CONTENT_RISK = /content exists risk/i;
const UNKNOWN_MODEL = /supported API model names|model not exist/i;

/** DeepSeek: OpenAI's format, `developer` refused, its own refusal and transient-failure signals. */
export class DeepSeekAdapter extends OpenAiCompatibleAdapter {
  protected override readonly maxTokensField = 'max_tokens' as const;
  protected override readonly developerAsSystem = true;

  override classifyError(status: number, body: unknown): UpstreamFailure {
    const b = rec(body);
    const err = rec(b['error']);
    // Pre-generation moderation; older bodies were {"detail":"Content Exists Risk"}.
    const message =
      str(err['message']) ?? str(b['detail']) ?? (typeof body === 'string' ? body.slice(0, 500) : `HTTP ${status}`);
    if (CONTENT_RISK.test(message)) return { kind: 'refusal', message, upstreamStatus: status };
    // Our catalog maps to a model DeepSeek does not serve: a route problem, not the caller's.
    if (UNKNOWN_MODEL.test(message)) return { kind: 'not_found', message, upstreamStatus: status };
    return classifyByStatus(status, message, str(err['type']));
  }

  protected override normaliseFinishReason(reason: string | null, _body: Json): string | null | UpstreamFailure {
    // Cut off by a lack of inference capacity: the answer is incomplete, not finished.
    if (reason === 'insufficient_system_resource') {
      return { kind: 'overloaded', message: 'The upstream ran out of capacity while generating.' };
    }
    return reason;
  }
}
