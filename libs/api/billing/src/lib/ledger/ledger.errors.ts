import { AppError } from '@vipcloud/platform';

export class IdempotencyConflictError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'idempotency_conflict',
      message: 'This idempotency key was already used for a different request.',
    });
  }
}

export class InvalidAmountError extends AppError {
  constructor(message: string, param = 'amount') {
    super({ status: 400, type: 'invalid_request_error', code: 'invalid_amount', message, param });
  }
}
