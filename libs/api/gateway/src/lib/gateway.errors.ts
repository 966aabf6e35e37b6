import { AppError, InvalidRequestError, NotFoundError } from '@vipcloud/platform';
import type { UpstreamFailure } from './providers/provider-adapter';

export class ModelNotFoundError extends AppError {
  constructor(model: string) {
    super({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model '${model}' does not exist or you do not have access to it.`,
    });
  }
}

/** An operator named a model the catalog does not list (prices exist only for catalog models). */
export class UnknownCatalogModelError extends NotFoundError {
  constructor(model: string) {
    super(`The model catalog has no model '${model}'.`, 'model_not_found');
  }
}

export class InvalidModelPriceError extends InvalidRequestError {
  constructor(message: string, param: string) {
    super(message, param, 'invalid_price');
  }
}

export class MaxTokensTooLargeError extends InvalidRequestError {
  constructor(param: string, requested: number, limit: number) {
    super(
      `${param} is too large: ${requested}. This model supports at most ${limit} completion tokens.`,
      param,
      'invalid_value',
    );
  }
}

export class ContentFilterError extends AppError {
  constructor() {
    super({
      status: 400,
      type: 'invalid_request_error',
      code: 'content_filter',
      message: "The request was rejected by the upstream provider's content filter.",
    });
  }
}

/**
 * Written as a started stream's last event when this instance shuts down before the answer is complete
 * (the drain's deadline); the status is the one a request refused for that reason would get.
 */
export class ServerShuttingDownError extends AppError {
  constructor() {
    super({
      status: 503,
      type: 'api_error',
      code: 'server_shutting_down',
      message: 'This server is shutting down and ended the stream before the answer was complete. Please retry.',
    });
  }
}

export class NoRouteAvailableError extends AppError {
  constructor(model: string, retryAfterSeconds: number) {
    super({
      status: 503,
      type: 'api_error',
      code: 'upstream_unavailable',
      message: `No upstream provider for '${model}' is available right now. Please retry after ${retryAfterSeconds} seconds.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * What the caller sees when the last upstream attempt failed. Upstream credential, balance and
 * capacity problems are ours: they are never reported as the caller's 401 or 402.
 */
export function failureToError(failure: UpstreamFailure, model: string, retryAfterSeconds: number): AppError {
  switch (failure.kind) {
    case 'refusal':
      return new ContentFilterError();
    case 'context_length':
      return new InvalidRequestError(failure.message, 'messages', 'context_length_exceeded');
    case 'invalid_request':
      return new InvalidRequestError(failure.message);
    case 'rate_limit':
    case 'overloaded':
      return new AppError({
        status: 503,
        type: 'api_error',
        code: 'upstream_overloaded',
        message: `The upstream provider for '${model}' is overloaded. Please retry after ${retryAfterSeconds} seconds.`,
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    case 'timeout':
      return new AppError({
        status: 504,
        type: 'api_error',
        code: 'upstream_timeout',
        message: `The upstream provider for '${model}' timed out.`,
      });
    default:
      return new AppError({
        status: 502,
        type: 'api_error',
        code: 'upstream_error',
        message: `The upstream provider for '${model}' is unavailable right now. Please retry later.`,
      });
  }
}
