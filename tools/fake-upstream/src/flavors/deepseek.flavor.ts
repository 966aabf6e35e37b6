import {
  chatcmplId,
  frameKind,
  modelList,
  noFailure,
  streamSteps,
  toolCall,
  toolCallDelta,
  type DeltaStep,
} from './flavor.helpers';
import type {
  Completion,
  ErrorContext,
  FlavorFormat,
  HttpErrorKind,
  JsonResponse,
  InStreamErrorKind,
  StreamFrame,
} from './flavor.types';

const FINGERPRINT = 'fp_fake_prod0820_fp8_kvcache';

function failure(
  status: number,
  message: string,
  type: string,
  code: string | null = 'invalid_request_error',
): JsonResponse {
  return { status, body: { error: { message, type, param: null, code } } };
}

function authFailure(context: ErrorContext): JsonResponse {
  const message =
    context.apiKey === undefined
      ? 'Authentication Fails (auth header format should be Bearer sk-...)'
      : `Authentication Fails, Your api key: ****${context.apiKey.slice(-4)} is invalid`;
  return failure(401, message, 'authentication_error');
}

function usage(completion: Completion): Record<string, unknown> {
  const u = completion.usage;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens,
    // prompt_tokens = hit + miss is documented, so a cached count larger than the prompt cannot go negative.
    prompt_cache_hit_tokens: u.cachedTokens,
    prompt_cache_miss_tokens: Math.max(0, u.promptTokens - u.cachedTokens),
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

function delta(step: DeltaStep): Record<string, unknown> {
  switch (step.kind) {
    case 'role':
      return { role: 'assistant', content: '' };
    case 'reasoning':
      // Observed reasoner streams send `content: null` beside reasoning text.
      return { content: null, reasoning_content: step.text };
    case 'content':
      return { content: step.text };
    case 'tool':
      return toolCallDelta(step.name, step.arguments);
  }
}

export const deepseekFlavor: FlavorFormat = {
  flavor: 'deepseek',
  basePaths: ['', '/v1'],
  outputFilterFinishReason: 'content_filter',
  transientFinishReason: 'insufficient_system_resource',
  newId: chatcmplId,

  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse {
    switch (kind) {
      case 'auth':
      case 'forbidden':
        return authFailure(context);
      case 'quota':
        return failure(402, 'Insufficient Balance', 'unknown_error');
      case 'rate_limit':
        return failure(429, 'Rate Limit Reached', 'rate_limit_error');
      case 'overloaded':
        return failure(503, 'Server overloaded, please try again later', 'service_unavailable_error');
      case 'server':
        return failure(500, 'Internal Server Error', 'internal_error');
      case 'context':
        return failure(
          400,
          "This model's maximum context length is 131072 tokens. However, you requested 131134 tokens (122942 in the messages, 8192 in the completion). Please reduce the length of the messages or completion.",
          'invalid_request_error',
        );
      case 'bad_request':
        return failure(400, 'Invalid request: messages is malformed', 'invalid_request_error');
      case 'not_found':
        return failure(
          400,
          'The supported API model names are deepseek-flash, deepseek-v4-pro',
          'invalid_request_error',
        );
      case 'refusal':
        return failure(400, 'Content Exists Risk', 'invalid_request_error');
      case 'refusal_legacy':
        return { status: 400, body: { detail: 'Content Exists Risk' } };
    }
  },

  validateRequest: noFailure,
  legacyError: noFailure,

  inStreamError(kind: InStreamErrorKind): unknown {
    const message = kind === 'output_filter' ? 'Content Exists Risk' : 'Internal Server Error';
    return {
      error: {
        message,
        type: kind === 'output_filter' ? 'invalid_request_error' : 'server_error',
        param: null,
        code: null,
      },
    };
  },

  completionBody(c: Completion): unknown {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: c.toolName && c.reply === '' ? null : c.reply,
    };
    if (c.think) message['reasoning_content'] = c.think;
    if (c.toolName) message['tool_calls'] = [toolCall(c.toolName, c.toolArguments)];
    return {
      id: c.id,
      object: 'chat.completion',
      created: c.created,
      model: c.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: c.finishReason }],
      usage: usage(c),
      system_fingerprint: FINGERPRINT,
    };
  },

  streamFrames(c: Completion): StreamFrame[] {
    const chunk = (choice: Record<string, unknown>, finalUsage?: unknown): unknown => ({
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: c.model,
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
      // include_usage only decides whether the earlier chunks say `usage: null`; the last one always carries usage.
      ...(finalUsage !== undefined ? { usage: finalUsage } : c.includeUsage ? { usage: null } : {}),
    });
    const frames: StreamFrame[] = streamSteps(c).map((step) => ({
      kind: frameKind(step),
      data: chunk({ delta: delta(step) }),
    }));
    frames.push({ kind: 'final', data: chunk({ delta: {}, finish_reason: c.finishReason }, usage(c)) });
    return frames;
  },

  modelsBody(): unknown {
    return modelList(['deepseek-flash', 'deepseek-v4-pro'], 'deepseek');
  },
};
