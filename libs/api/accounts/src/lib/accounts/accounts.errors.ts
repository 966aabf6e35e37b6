import { AppError, InvalidRequestError, NotFoundError } from '@vipcloud/platform';

export class AccountNotFoundError extends NotFoundError {
  constructor(ref: string) {
    super(`No account matches '${ref}'.`, 'account_not_found');
  }
}

export class AccountExistsError extends AppError {
  constructor(email: string) {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'account_exists',
      message: `An account with email ${email} already exists.`,
    });
  }
}

export class InvalidEmailError extends InvalidRequestError {
  constructor() {
    super('That is not a valid email address.', 'email', 'invalid_email');
  }
}

export class InvalidApiKeyError extends AppError {
  constructor() {
    super({
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided. You can find your API keys in the VIPCloud portal.',
    });
  }
}

/**
 * Too many unknown keys from one client network: refused before any database lookup, so keys sprayed at
 * /v1 (guessed, or revoked ones replayed) cost the database a bounded number of reads.
 */
export class TooManyInvalidKeysError extends AppError {
  constructor(retryAfterSeconds: number) {
    super({
      status: 429,
      type: 'rate_limit_exceeded',
      code: 'too_many_invalid_keys',
      message: `Too many requests with invalid API keys from your network. Please try again in ${retryAfterSeconds} seconds, with a valid key.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

export class MissingApiKeyError extends AppError {
  constructor() {
    super({
      status: 401,
      type: 'invalid_request_error',
      code: 'missing_api_key',
      message: "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or 'x-api-key').",
    });
  }
}

export class ApiKeyExpiredError extends AppError {
  constructor() {
    super({
      status: 401,
      type: 'invalid_request_error',
      code: 'api_key_expired',
      message: 'This API key has expired. Create a new one in the VIPCloud portal.',
    });
  }
}

export class ModelNotAllowedError extends AppError {
  constructor(model: string) {
    super({
      status: 403,
      type: 'permission_error',
      code: 'model_not_allowed',
      param: 'model',
      message: `This API key is not allowed to use the model '${model}'.`,
    });
  }
}

export class InvalidKeyOptionsError extends InvalidRequestError {
  constructor(message: string, param: string) {
    super(message, param, 'invalid_value');
  }
}

export class ApiKeyLimitError extends AppError {
  constructor(limit: number) {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'api_key_limit',
      message: `An account can hold at most ${limit} API keys. Revoke one first.`,
    });
  }
}

export class AccountInactiveError extends AppError {
  constructor() {
    super({
      status: 403,
      type: 'permission_error',
      code: 'account_inactive',
      message: 'This account is not active. Contact support.',
    });
  }
}

export class ApiKeyNotFoundError extends NotFoundError {
  constructor(ref: string) {
    super(`No API key matches '${ref}'.`, 'api_key_not_found');
  }
}

export class InvalidDisplayNameError extends InvalidRequestError {
  constructor(message: string) {
    super(message, 'name', 'invalid_value');
  }
}
