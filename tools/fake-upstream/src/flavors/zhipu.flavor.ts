import {
  frameKind,
  modelList,
  noFailure,
  randomHex,
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

const SENSITIVE_MESSAGE =
  '系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。' +
  ' System detected potentially unsafe or sensitive content in input or generation. Please avoid using prompts that may generate sensitive content. Thank you.';

/** The business code is a string; status and code are both meaningful to clients. */
function failure(status: number, code: string, message: string): JsonResponse {
  return { status, body: { error: { code, message } } };
}

function authFailure(context: ErrorContext): JsonResponse {
  return context.apiKey === undefined
    ? failure(401, '1001', 'Authentication parameter not received in Header, unable to authenticate')
    : failure(401, '1002', 'Authorization Token非法，请确认Authorization Token正确传递。');
}

function usage(completion: Completion): Record<string, unknown> {
  const u = completion.usage;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
  };
}

/** Zhipu repeats the role on every delta. */
function delta(step: DeltaStep): Record<string, unknown> {
  switch (step.kind) {
    case 'role':
      return { role: 'assistant', content: '' };
    case 'reasoning':
      return { role: 'assistant', reasoning_content: step.text };
    case 'content':
      return { role: 'assistant', content: step.text };
    case 'tool':
      return { role: 'assistant', ...toolCallDelta(step.name, step.arguments) };
  }
}

/** BigModel ids look like `20260920153012a1b2c3...`: a local timestamp followed by random hex. */
function zhipuId(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${stamp}${randomHex(10)}`;
}

export const zhipuFlavor: FlavorFormat = {
  flavor: 'zhipu',
  basePaths: ['/api/paas/v4'],
  outputFilterFinishReason: 'sensitive',
  transientFinishReason: 'network_error',
  newId: zhipuId,

  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse {
    switch (kind) {
      case 'auth':
      case 'forbidden':
        return authFailure(context);
      case 'quota':
        return failure(
          429,
          '1113',
          'Your account is in arrears: insufficient balance or no resource package. Please recharge.',
        );
      case 'rate_limit':
        return failure(
          429,
          '1302',
          'High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits',
        );
      case 'overloaded':
        return failure(429, '1305', 'The service may be temporarily overloaded, please try again later');
      case 'server':
        return failure(500, '500', 'Internal Error');
      case 'context':
        return failure(400, '1261', 'Prompt exceeds max length');
      case 'bad_request':
        return failure(400, '1214', 'Invalid input parameter: messages');
      case 'not_found':
        return failure(400, '1211', 'Unknown Model, please check the model code.');
      case 'refusal':
      case 'refusal_legacy':
        return failure(400, '1301', SENSITIVE_MESSAGE);
    }
  },

  validateRequest: noFailure,
  legacyError: noFailure,

  inStreamError(kind: InStreamErrorKind): unknown {
    return kind === 'output_filter'
      ? { error: { code: '1301', message: SENSITIVE_MESSAGE } }
      : { error: { code: '500', message: 'Internal Error' } };
  },

  completionBody(c: Completion): unknown {
    const message: Record<string, unknown> = { role: 'assistant', content: c.reply };
    if (c.think) message['reasoning_content'] = c.think;
    if (c.toolName) message['tool_calls'] = [toolCall(c.toolName, c.toolArguments)];
    return {
      id: c.id,
      request_id: c.id,
      object: 'chat.completion',
      created: c.created,
      model: c.model,
      choices: [{ index: 0, finish_reason: c.finishReason, message }],
      usage: usage(c),
    };
  },

  streamFrames(c: Completion): StreamFrame[] {
    const chunk = (choice: Record<string, unknown>, topLevel: Record<string, unknown> = {}): unknown => ({
      id: c.id,
      object: 'chat.completion.chunk',
      created: c.created,
      model: c.model,
      choices: [{ index: 0, ...choice }],
      ...topLevel,
    });
    const frames: StreamFrame[] = streamSteps(c).map((step) => ({
      kind: frameKind(step),
      data: chunk({ delta: delta(step) }),
    }));
    // Usage rides on the finish chunk whether or not include_usage was asked for.
    frames.push({
      kind: 'final',
      data: chunk({ delta: { role: 'assistant', content: '' }, finish_reason: c.finishReason }, { usage: usage(c) }),
    });
    return frames;
  },

  modelsBody(): unknown {
    return modelList(['glm-5.3', 'glm-5.3-flash', 'glm-4.7-flash'], 'z-ai');
  },
};
