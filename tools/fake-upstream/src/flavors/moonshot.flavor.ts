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

/** Kimi's envelope has no `param` or `code`, only `type`. */
function failure(status: number, type: string, message: string): JsonResponse {
  return { status, body: { error: { message, type } } };
}

function usage(completion: Completion): Record<string, unknown> {
  const u = completion.usage;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens,
    cached_tokens: u.cachedTokens,
  };
}

function delta(step: DeltaStep): Record<string, unknown> {
  switch (step.kind) {
    case 'role':
      return { role: 'assistant', content: '' };
    case 'reasoning':
      return { reasoning_content: step.text };
    case 'content':
      return { content: step.text };
    case 'tool':
      return toolCallDelta(step.name, step.arguments);
  }
}

export const moonshotFlavor: FlavorFormat = {
  flavor: 'moonshot',
  basePaths: ['/v1'],
  outputFilterFinishReason: 'content_filter',
  transientFinishReason: undefined,
  newId: chatcmplId,

  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse {
    switch (kind) {
      case 'auth':
        return failure(401, 'incorrect_api_key_error', 'Incorrect API key provided');
      case 'forbidden':
        return failure(403, 'permission_denied_error', 'The API you are accessing is not open to your organization');
      case 'quota':
        return failure(
          429,
          'exceeded_current_quota_error',
          'Your account is suspended due to insufficient balance, please recharge your account or check your plan and billing details',
        );
      case 'rate_limit':
        return failure(
          429,
          'rate_limit_reached_error',
          'Your account request reached organization max RPM: 200, please try again after 1 seconds',
        );
      case 'overloaded':
        return failure(429, 'engine_overloaded_error', 'The engine is currently overloaded, please try again later');
      case 'server':
        return failure(500, 'server_error', 'An unexpected error occurred, please try again later');
      case 'context':
        return failure(
          400,
          'invalid_request_error',
          'Invalid request: Your request exceeded model token limit: 262144 (requested: 269030)',
        );
      case 'bad_request':
        return failure(400, 'invalid_request_error', 'Invalid request: messages must be a non-empty array');
      case 'not_found':
        return failure(404, 'resource_not_found_error', `Not found the model ${context.model} or Permission denied`);
      case 'refusal':
      case 'refusal_legacy':
        return failure(400, 'content_filter', 'The request was rejected because it was considered high risk');
    }
  },

  validateRequest: noFailure,
  legacyError: noFailure,

  inStreamError(kind: InStreamErrorKind): unknown {
    return kind === 'output_filter'
      ? { error: { message: 'The request was rejected because it was considered high risk', type: 'content_filter' } }
      : { error: { message: 'An unexpected error occurred, please try again later', type: 'server_error' } };
  },

  completionBody(c: Completion): unknown {
    const message: Record<string, unknown> = { role: 'assistant', content: c.reply };
    if (c.think) message['reasoning_content'] = c.think;
    if (c.toolName) message['tool_calls'] = [toolCall(c.toolName, c.toolArguments)];
    return {
      id: c.id,
      object: 'chat.completion',
      created: c.created,
      model: c.model,
      choices: [{ index: 0, message, finish_reason: c.finishReason }],
      usage: usage(c),
    };
  },

  streamFrames(c: Completion): StreamFrame[] {
    const chunk = (choice: Record<string, unknown>, topLevel: Record<string, unknown> = {}): unknown => ({
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: c.model,
      choices: [{ index: 0, finish_reason: null, ...choice }],
      ...topLevel,
    });
    const frames: StreamFrame[] = streamSteps(c).map((step) => ({
      kind: frameKind(step),
      data: chunk({ delta: delta(step) }),
    }));
    // The streaming guide puts usage inside choices[0]; the API page example puts it top level.
    const final = c.usageTopLevel
      ? chunk({ delta: {}, finish_reason: c.finishReason }, { usage: usage(c) })
      : chunk({ delta: {}, finish_reason: c.finishReason, usage: usage(c) });
    frames.push({ kind: 'final', data: final });
    return frames;
  },

  modelsBody(): unknown {
    return modelList(['kimi-k3', 'kimi-k2.7-code', 'kimi-k2.6'], 'moonshot');
  },
};
