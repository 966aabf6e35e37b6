import { InvalidRequestError } from '@vipcloud/platform';
import type { z } from 'zod';
import { ChatRequest, chatRequestSchema, MAX_REQUEST_DEPTH, MAX_REQUEST_NODES } from './chat-request.schema';

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

/**
 * How many leading path segments name the field in a bounds error: `tools[3].function.parameters`,
 * `functions[0].parameters`, `messages[2].content`, `response_format.json_schema`; any other field
 * (extra fields included) by its top-level name.
 */
const PARAM_SEGMENTS = new Map<string, number>([
  ['tools', 4],
  ['functions', 3],
  ['messages', 3],
  ['response_format', 2],
]);

/**
 * Rejects a body that nests deeper than MAX_REQUEST_DEPTH or holds more than MAX_REQUEST_NODES
 * values, naming the field at fault. Everything we forward is serialised again, so an unbounded
 * body would fail later, outside validation (a RangeError while sending it upstream). The walk is
 * iterative (an explicit stack), so it cannot overflow the call stack on the very input it guards
 * against, and it stops at the first limit crossed.
 */
export function checkRequestBounds(body: Record<string, unknown>): void {
  // Parallel stacks rather than one object per entry: this runs on every request.
  const values: unknown[] = [];
  const depths: number[] = [];
  const params: string[] = [];
  let nodes = 0;
  let largest = { param: '', nodes: 0 };
  for (const key of Object.keys(body)) {
    const segments = PARAM_SEGMENTS.get(key) ?? 1;
    const before = nodes;
    const tooMany = (): InvalidRequestError => {
      const here = nodes - before;
      const param = here >= largest.nodes ? key : largest.param;
      return new InvalidRequestError(
        `Invalid '${param}': the request holds more than ${MAX_REQUEST_NODES} JSON values.`,
        param,
        'invalid_value',
      );
    };
    nodes++;
    values.push(body[key]);
    depths.push(2);
    params.push(key);
    while (values.length > 0) {
      const value = values.pop();
      const depth = depths.pop() as number;
      const param = params.pop() as string;
      if (typeof value !== 'object' || value === null) continue;
      if (depth > MAX_REQUEST_DEPTH) {
        throw new InvalidRequestError(
          `Invalid '${param}': nested too deeply (more than ${MAX_REQUEST_DEPTH} levels).`,
          param,
          'invalid_value',
        );
      }
      // A child's path has `depth` segments; past the naming ones it keeps its parent's name.
      const named = depth <= segments;
      if (Array.isArray(value)) {
        nodes += value.length;
        if (nodes > MAX_REQUEST_NODES) throw tooMany();
        for (let i = value.length - 1; i >= 0; i--) {
          const child: unknown = value[i];
          if (typeof child !== 'object' || child === null) continue;
          values.push(child);
          depths.push(depth + 1);
          params.push(named ? `${param}[${i}]` : param);
        }
      } else {
        const record = value as Record<string, unknown>;
        for (const k in record) {
          if (++nodes > MAX_REQUEST_NODES) throw tooMany();
          const child = record[k];
          if (typeof child !== 'object' || child === null) continue;
          values.push(child);
          depths.push(depth + 1);
          params.push(named ? `${param}.${k}` : param);
        }
      }
    }
    if (nodes - before > largest.nodes) largest = { param: key, nodes: nodes - before };
  }
}

/** Validates a request body before anything is authorised, reserved or sent upstream. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.', null, 'invalid_json');
  }
  checkRequestBounds(body as Record<string, unknown>);
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
