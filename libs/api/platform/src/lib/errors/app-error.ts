import type { ApiErrorCode, ApiErrorType } from '@vipcloud/contracts';

/**
 * Every expected failure is an AppError subclass carrying its HTTP status and OpenAI error
 * fields; one global filter turns it into a response, so handlers never catch to format. Codes come
 * from the catalog in @vipcloud/contracts (API_ERRORS), which the site's errors page is built from:
 * a new code is added there first, with its meaning and advice, or it does not compile.
 */
export interface AppErrorInit {
  status: number;
  type: ApiErrorType;
  code: ApiErrorCode | null;
  message: string;
  param?: string | null;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly status: number;
  readonly type: ApiErrorType;
  readonly code: ApiErrorCode | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(init: AppErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.headers = init.headers ?? {};
  }
}

export class InvalidRequestError extends AppError {
  constructor(message: string, param: string | null = null, code: ApiErrorCode | null = null) {
    super({ status: 400, type: 'invalid_request_error', code, message, param });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code: ApiErrorCode = 'not_found') {
    super({ status: 404, type: 'invalid_request_error', code, message });
  }
}
