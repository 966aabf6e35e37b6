import { InvalidRequestError } from '@vipcloud/platform';
import type { z } from 'zod';
import { ChatRequest, chatRequestSchema } from './chat-request.schema';

/** `messages[0].content`, as OpenAI names parameters in its errors. */
function paramPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function describe(issue: z.core.$ZodIssue, param: string): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `Missing required parameter: '${param}'.`;
  if (issue.code === 'too_small' && param === 'messages') return "'messages' must contain at least one message.";
  if (issue.code === 'too_small' && /max(_completion)?_tokens$/.test(param)) return `Invalid '${param}': integer below minimum value. Expected a value >= 1.`;
  return `Invalid '${param}': ${issue.message}.`;
}

/** Validates a request body before anything is authorised, reserved or sent upstream. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.', null, 'invalid_json');
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = paramPath(issue.path) || null;
  throw new InvalidRequestError(param ? describe(issue, param) : issue.message, param, issue.code === 'invalid_type' && issue.input === undefined ? 'missing_required_parameter' : 'invalid_value');
}
