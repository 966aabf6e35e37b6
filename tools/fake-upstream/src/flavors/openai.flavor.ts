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

const FINGERPRINT = 'fp_fake0openai';
const SERVER_ERROR_MESSAGE = 'The server had an error while processing your request. Sorry about that!';

function failure(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): JsonResponse {
  return { status, body: { error: { message, type, param, code } } };
}

function usage(completion: Completion): Record<string, unknown> {
  const u = completion.usage;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function delta(step: DeltaStep): Record<string, unknown> {
  switch (step.kind) {
    case 'role':
      return { role: 'assistant', content: '', refusal: null };
    case 'reasoning':
      return { reasoning_content: step.text };
    case 'content':
      return { content: step.text };
    case 'tool':
      return toolCallDelta(step.name, step.arguments);
  }
}

export const openaiFlavor: FlavorFormat = {
  flavor: 'openai',
  basePaths: ['/v1'],
  outputFilterFinishReason: 'content_filter',
  transientFinishReason: undefined,
  newId: chatcmplId,

  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse {
    switch (kind) {
      case 'auth':
        return failure(401, 'Incorrect API key provided', 'invalid_request_error', 'invalid_api_key');
      case 'forbidden':
        return failure(
          403,
          'Country, region, or territory not supported',
          'request_forbidden',
          'unsupported_country_region_territory',
        );
      case 'quota':
        return failure(
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        );
      case 'rate_limit':
        return failure(
          429,
          `Rate limit reached for ${context.model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
          'requests',
          'rate_limit_exceeded',
        );
      case 'overloaded':
        return failure(503, 'The engine is currently overloaded, please try again later.', 'server_error', null);
      case 'server':
        return failure(500, SERVER_ERROR_MESSAGE, 'server_error', null);
      case 'context':
        return failure(
          400,
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
          'invalid_request_error',
          'context_length_exceeded',
          'messages',
        );
      case 'bad_request':
        return failure(
          400,
          "Invalid value for 'messages': expected a non-empty array.",
          'invalid_request_error',
          null,
          'messages',
        );
      case 'not_found':
        return failure(
          404,
          `The model \`${context.model}\` does not exist or you do not have access to it.`,
          'invalid_request_error',
          'model_not_found',
        );
      case 'refusal':
      case 'refusal_legacy':
        return failure(
          400,
          'The response was filtered due to the prompt triggering the content management policy. Please modify your prompt and retry.',
          'invalid_request_error',
          'content_filter',
          'prompt',
        );
    }
  },

  validateRequest: noFailure,
  legacyError: noFailure,

  inStreamError(kind: InStreamErrorKind): unknown {
    return kind === 'output_filter'
      ? {
          error: {
            message: 'Output blocked by content filtering policy',
            type: 'invalid_request_error',
            param: null,
            code: 'content_filter',
          },
        }
      : { error: { message: SERVER_ERROR_MESSAGE, type: 'server_error', param: null, code: null } };
  },

  completionBody(c: Completion): unknown {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: c.toolName && c.reply === '' ? null : c.reply,
      refusal: null,
      annotations: [],
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
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
    };
  },

  streamFrames(c: Completion): StreamFrame[] {
    const chunk = (choices: unknown[], finalUsage?: unknown): unknown => ({
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: c.model,
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
      choices,
      ...(finalUsage !== undefined ? { usage: finalUsage } : c.includeUsage ? { usage: null } : {}),
    });
    const choice = (extra: Record<string, unknown>): Record<string, unknown> => ({
      index: 0,
      logprobs: null,
      finish_reason: null,
      ...extra,
    });
    const frames: StreamFrame[] = streamSteps(c).map((step) => ({
      kind: frameKind(step),
      data: chunk([choice({ delta: delta(step) })]),
    }));
    frames.push({ kind: 'final', data: chunk([choice({ delta: {}, finish_reason: c.finishReason })]) });
    // Usage only exists when asked for, and then as its own chunk with no choices.
    if (c.includeUsage) frames.push({ kind: 'final', data: chunk([], usage(c)) });
    return frames;
  },

  modelsBody(): unknown {
    return modelList(['gpt-4o-mini', 'gpt-4.1', 'o4-mini'], 'openai');
  },
};
