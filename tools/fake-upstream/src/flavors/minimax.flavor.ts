import { isRecord } from '../json.util';
import { chatcmplId, modelList, randomHex, thinkPieces, toolCall, toolCallDelta, unixNow } from './flavor.helpers';
import type {
  Completion,
  ErrorContext,
  FlavorFormat,
  HttpErrorKind,
  JsonResponse,
  InStreamErrorKind,
  StreamFrame,
} from './flavor.types';

/** MiniMax rejects any other top-level request field with 2013, so adapters must strip everything else. */
export const MINIMAX_ALLOWED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_completion_tokens',
  'max_tokens',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'response_format',
  'thinking',
  'reasoning_split',
  'mask_sensitive_info',
  'n',
  'stop',
  'user',
  'metadata',
]);

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'unknown error',
  1001: 'request timeout',
  1002: 'rate limit exceeded',
  1004: 'login fail',
  1008: 'insufficient balance',
  1026: 'input new_sensitive',
  1027: 'output new_sensitive',
  1033: 'system error',
  1039: 'token limit exceeded',
  1041: 'conn limit exceeded',
  2013: 'invalid params',
  2049: 'invalid api key',
  2056: 'usage limit exceeded',
};

const SENSITIVE_FLAGS = {
  input_sensitive: false,
  output_sensitive: false,
  input_sensitive_type: 0,
  output_sensitive_type: 0,
  output_sensitive_int: 0,
} as const;

const SPEAKER = { role: 'assistant', name: 'MiniMax AI', audio_content: '' } as const;

function errorFrame(type: string, message: string, status: number): Record<string, unknown> {
  return { type: 'error', error: { type, message, http_code: String(status) }, request_id: randomHex(16) };
}

function failure(status: number, type: string, message: string): JsonResponse {
  return { status, body: errorFrame(type, message, status) };
}

function authFailure(context: ErrorContext): JsonResponse {
  const reason =
    context.apiKey === undefined
      ? "Please carry the API secret key in the 'Authorization' field of the request header"
      : 'invalid api secret key';
  return failure(401, 'authorized_error', `login fail: ${reason} (1004)`);
}

function usage(completion: Completion): Record<string, unknown> {
  const u = completion.usage;
  return {
    total_tokens: u.totalTokens,
    total_characters: 0,
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

/**
 * Thinking arrives inline in `content`. Both tags are deliberately split across chunk
 * boundaries so that a client's incremental tag parser has to carry partial tags over.
 */
function thinkContentPieces(think: string): string[] {
  if (think === '') return [];
  const [head = '', tail = ''] = thinkPieces(think);
  return ['<thi', `nk>${head}`, `${tail}</th`, 'ink>\n\n'];
}

export const minimaxFlavor: FlavorFormat = {
  flavor: 'minimax',
  basePaths: ['/v1'],
  outputFilterFinishReason: undefined,
  transientFinishReason: undefined,
  newId: chatcmplId,

  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse {
    switch (kind) {
      case 'auth':
      case 'forbidden':
        return authFailure(context);
      case 'quota':
        return failure(402, 'insufficient_balance_error', 'insufficient balance (1008)');
      case 'rate_limit':
        return failure(429, 'rate_limit_error', 'rate limit exceeded(RPM) (1002)');
      case 'overloaded':
        return failure(
          529,
          'overloaded_error',
          'the server cluster is currently under high load, please retry later (1033)',
        );
      case 'server':
        return failure(500, 'server_error', 'unknown error (1000)');
      case 'context':
        return failure(400, 'bad_request_error', 'invalid params, context window exceeds limit (2013)');
      case 'bad_request':
        return failure(400, 'bad_request_error', 'invalid params, messages is invalid (2013)');
      case 'not_found':
        return failure(400, 'bad_request_error', `invalid params, unknown model '${context.model}' (2013)`);
      case 'refusal':
      case 'refusal_legacy':
        return failure(422, 'unprocessable_entity_error', 'input new_sensitive (1026)');
    }
  },

  validateRequest(body: Readonly<Record<string, unknown>>): JsonResponse | undefined {
    const messages = Array.isArray(body['messages']) ? body['messages'] : [];
    const systemCount = messages.filter((m: unknown) => isRecord(m) && m['role'] === 'system').length;
    if (systemCount > 1) return failure(400, 'bad_request_error', 'invalid params, invalid chat setting (2013)');
    const unknown = Object.keys(body).find((field) => !MINIMAX_ALLOWED_FIELDS.has(field));
    if (unknown !== undefined)
      return failure(400, 'bad_request_error', `invalid params, unknown field ${unknown} (2013)`);
    return undefined;
  },

  legacyError(code: number | undefined, context: ErrorContext): JsonResponse {
    const statusCode = code ?? 1008;
    return {
      status: 200,
      body: {
        id: randomHex(16),
        choices: null,
        created: unixNow(),
        model: context.model,
        object: 'chat.completion',
        usage: { total_tokens: 0, total_characters: 0, prompt_tokens: 0, completion_tokens: 0 },
        ...SENSITIVE_FLAGS,
        input_sensitive: statusCode === 1026,
        input_sensitive_type: statusCode === 1026 ? 1 : 0,
        output_sensitive: statusCode === 1027,
        output_sensitive_type: statusCode === 1027 ? 1 : 0,
        base_resp: { status_code: statusCode, status_msg: STATUS_MESSAGES[statusCode] ?? 'unknown error' },
      },
    };
  },

  inStreamError(kind: InStreamErrorKind): unknown {
    return kind === 'output_filter'
      ? errorFrame('unprocessable_entity_error', 'output new_sensitive (1027)', 422)
      : errorFrame('server_error', 'unknown error (1000)', 500);
  },

  completionBody(c: Completion): unknown {
    const content = c.think ? `<think>${c.think}</think>\n\n${c.reply}` : c.reply;
    const message: Record<string, unknown> = { content, ...SPEAKER };
    if (c.toolName) message['tool_calls'] = [toolCall(c.toolName, c.toolArguments)];
    return {
      id: c.id,
      choices: [{ finish_reason: c.finishReason, index: 0, message }],
      created: c.created,
      model: c.model,
      object: 'chat.completion',
      usage: usage(c),
      ...SENSITIVE_FLAGS,
      ...(c.outputSensitive ? { output_sensitive: true, output_sensitive_type: 1 } : {}),
      base_resp: { status_code: 0, status_msg: '' },
    };
  },

  streamFrames(c: Completion): StreamFrame[] {
    const chunk = (
      choice: Record<string, unknown>,
      finalUsage: unknown = null,
      extra: Record<string, unknown> = {},
    ): unknown => ({
      id: c.id,
      choices: [{ index: 0, ...choice }],
      created: c.created,
      model: c.model,
      object: 'chat.completion.chunk',
      usage: finalUsage,
      ...SENSITIVE_FLAGS,
      ...extra,
    });
    const frames: StreamFrame[] = [];
    for (const piece of thinkContentPieces(c.think)) {
      frames.push({ kind: 'reasoning', data: chunk({ delta: { content: piece, ...SPEAKER } }) });
    }
    for (const piece of c.replyChunks) {
      frames.push({ kind: 'content', data: chunk({ delta: { content: piece, ...SPEAKER } }) });
    }
    if (c.toolName !== undefined) {
      const delta = { ...SPEAKER, ...toolCallDelta(c.toolName, c.toolArguments) };
      frames.push({ kind: 'meta', data: chunk({ delta }) });
    }
    frames.push({
      kind: 'final',
      data: chunk({ finish_reason: c.finishReason, delta: { content: '', ...SPEAKER } }, usage(c), {
        base_resp: { status_code: 0, status_msg: '' },
      }),
    });
    return frames;
  },

  modelsBody(): unknown {
    return modelList(['MiniMax-M3', 'MiniMax-M2.7', 'MiniMax-M2.7-highspeed'], 'minimax');
  },
};
