import { contentText, isRecord } from './json.util';

/** `[[fake:NAME]]` or `[[fake:NAME=VALUE]]`; VALUE stops at the first `]]` so it may hold spaces. */
const DIRECTIVE_PATTERN = /\[\[fake:([a-z_]+)(?:=([\s\S]*?))?\]\]/gi;

export const FAKE_ERROR_KINDS = [
  'auth',
  'forbidden',
  'quota',
  'rate_limit',
  'overloaded',
  'server',
  'context',
  'bad_request',
  'not_found',
  'refusal',
  'refusal_legacy',
  'refusal_output',
  'midstream_error',
  'base_resp',
  'network',
  'transient_finish',
] as const;

export type FakeErrorKind = (typeof FAKE_ERROR_KINDS)[number];

export interface ErrorDirective {
  /** The directive as written (`error=quota@2`); `@N` failure budgets are counted per key. */
  readonly key: string;
  readonly kind: FakeErrorKind;
  /** Text after `:` in the value, e.g. `1027` in `error=base_resp:1027`. */
  readonly param: string | undefined;
  /** From `@N`: only the first N requests carrying this exact directive fail. */
  readonly times: number | undefined;
}

export interface FakeDirectives {
  readonly reply: string | undefined;
  readonly think: string | undefined;
  readonly chunks: number;
  /** The reply sent this many times over (each copy split into `chunks`): a large answer from a small request. */
  readonly repeat: number;
  readonly delayMs: number;
  readonly keepalive: number;
  readonly stallAfter: number | undefined;
  readonly keepaliveDuringStall: boolean;
  readonly cutAfter: number | undefined;
  /** With `cut_after`: destroy the socket instead of ending the HTTP body cleanly. */
  readonly cutHard: boolean;
  readonly noDone: boolean;
  readonly crlf: boolean;
  readonly splitPackets: boolean;
  readonly usageTopLevel: boolean;
  readonly cached: number;
  readonly tool: string | undefined;
  /** With `tool`: the call's arguments as sent (a JSON text without `]]`). */
  readonly toolArgs: string;
  /** Leave usage out of the body and of every stream chunk, like an upstream that never reports it. */
  readonly noUsage: boolean;
  readonly error: ErrorDirective | undefined;
}

const DEFAULT_CHUNKS = 3;
/** Enough for answers of tens of megabytes, bounded so a typo cannot exhaust memory. */
const MAX_REPEAT = 1_000_000;

/** Text of the last `user` message, the only place directives are read from. */
export function directiveSource(body: unknown): string {
  if (!isRecord(body) || !Array.isArray(body['messages'])) return '';
  const messages: unknown[] = body['messages'];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    // Parts are joined with a newline so a directive can never be assembled across two parts.
    if (isRecord(message) && message['role'] === 'user') return contentText(message['content'], '\n');
  }
  return '';
}

export function parseDirectives(text: string): FakeDirectives {
  const values = new Map<string, string | true>();
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    values.set(match[1].toLowerCase(), match[2] ?? true);
  }
  const stringValue = (name: string): string | undefined => {
    const value = values.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const count = (name: string): number | undefined => {
    const value = stringValue(name)?.trim();
    if (value === undefined || !/^\d+$/.test(value)) return undefined;
    return Number(value);
  };
  const flag = (name: string): boolean => values.has(name);

  const chunks = count('chunks');
  const repeat = count('repeat');
  const think = stringValue('think');
  return {
    reply: stringValue('reply'),
    think: think === '' ? undefined : think,
    chunks: chunks === undefined || chunks < 1 ? DEFAULT_CHUNKS : chunks,
    repeat: repeat === undefined || repeat < 1 ? 1 : Math.min(repeat, MAX_REPEAT),
    delayMs: count('delay_ms') ?? 0,
    keepalive: count('keepalive') ?? 0,
    stallAfter: count('stall_after'),
    keepaliveDuringStall: flag('keepalive_during_stall'),
    cutAfter: count('cut_after'),
    cutHard: flag('cut_hard'),
    noDone: flag('no_done'),
    crlf: flag('crlf'),
    splitPackets: flag('split_packets'),
    usageTopLevel: flag('usage_top_level'),
    cached: count('cached') ?? 0,
    tool: stringValue('tool')?.trim() || undefined,
    toolArgs: stringValue('tool_args') ?? '{}',
    noUsage: flag('no_usage'),
    error: parseErrorDirective(stringValue('error')),
  };
}

function parseErrorDirective(value: string | undefined): ErrorDirective | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let spec = trimmed;
  let times: number | undefined;
  const budget = /^(.*)@(\d+)$/.exec(trimmed);
  if (budget && Number(budget[2]) >= 1) {
    spec = budget[1];
    times = Number(budget[2]);
  }
  const colon = spec.indexOf(':');
  const name = (colon === -1 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const param = colon === -1 ? undefined : spec.slice(colon + 1).trim() || undefined;
  // An unknown kind still fails the request, so a typo in a test shows up instead of passing silently.
  const kind = FAKE_ERROR_KINDS.find((k) => k === name) ?? 'bad_request';
  return { key: `error=${trimmed}`, kind, param, times };
}

/** Builds a directive token, e.g. `fakeDirective('reply', 'Hi there')` → `[[fake:reply=Hi there]]`. */
export function fakeDirective(name: string, value?: string | number): string {
  return value === undefined ? `[[fake:${name}]]` : `[[fake:${name}=${value}]]`;
}
