import { InvalidRequestError } from '@vipcloud/platform';
import type { ChatRequest } from '../../chat/chat-request.schema';
import { classifyByStatus, OpenAiCompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';
import type { BuildContext, FailureKind, UpstreamFailure } from '../provider-adapter';
import { Json, rec, str } from '../wire';

/** Kimi models whose sampling parameters are fixed: any other value is an upstream error. */
const FIXED_SAMPLING = /^kimi-(k3|k2\.7-code|k2\.6)/;
const FIXED_FIELDS = ['temperature', 'top_p', 'n', 'presence_penalty', 'frequency_penalty'] as const;

const KIND_BY_TYPE: Record<string, FailureKind> = {
  content_filter: 'refusal',
  invalid_authentication_error: 'auth',
  incorrect_api_key_error: 'auth',
  permission_denied_error: 'auth',
  resource_not_found_error: 'not_found',
  exceeded_current_quota_error: 'quota',
  rate_limit_reached_error: 'rate_limit',
  engine_overloaded_error: 'overloaded',
  server_error: 'server',
  unexpected_output: 'server',
};

/** Moonshot (Kimi), on api.moonshot.ai and api.moonshot.cn. */
export class MoonshotAdapter extends OpenAiCompatibleAdapter {
  protected override readonly maxTokensField = 'max_completion_tokens' as const;
  protected override readonly developerAsSystem = true;

  protected override adjustRequest(body: Json, request: ChatRequest, context: BuildContext): Json {
    if (FIXED_SAMPLING.test(context.upstreamModel)) {
      if (request.n != null && request.n !== 1) throw new InvalidRequestError(`n must be 1 for ${request.model}.`, 'n');
      for (const f of FIXED_FIELDS) delete body[f];
    }
    return body;
  }

  override classifyError(status: number, body: unknown): UpstreamFailure {
    const err = rec(rec(body)['error']);
    const type = str(err['type']);
    const message = str(err['message']) ?? `HTTP ${status}`;
    const kind = type ? KIND_BY_TYPE[type] : undefined;
    if (kind === 'refusal' || kind === 'quota' || kind === 'overloaded' || kind === 'auth' || kind === 'not_found') {
      return { kind, message, upstreamStatus: status, upstreamCode: type };
    }
    return classifyByStatus(status, message, type);
  }
}
