import { InvalidRequestError } from '@vipcloud/platform';
import type { z } from 'zod';
import { ChatRequest, chatRequestSchema } from './chat-request.schema';

/** `messages[0].content`, as OpenAI names parameters in its errors. */
function paramPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

function valueAt(body: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = body;
  for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function describe(issue: z.core.$ZodIssue, param: string, missing: boolean): string {
  if (missing) return `Missing required parameter: '${param}'.`;
  if (issue.code === 'too_small' && param === 'messages') return "'messages' must contain at least one message.";
  if (issue.code === 'too_small' && /max(_completion)?_tokens$/.test(param))
    return `Invalid '${param}': integer below minimum value. Expected a value >= 1.`;
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
  // The message names the parameter and the rule, never the value: values can be prompt text.
  const missing = issue.path.length > 0 && valueAt(body, issue.path) === undefined;
  throw new InvalidRequestError(
    param ? describe(issue, param, missing) : issue.message,
    param,
    missing ? 'missing_required_parameter' : 'invalid_value',
  );
}
