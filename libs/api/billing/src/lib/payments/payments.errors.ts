import { AppError, NotFoundError } from '@vipcloud/platform';

export class WebhookVerificationError extends AppError {
  constructor(why: string) {
    super({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_signature',
      message: `The notification's signature was not accepted: ${why}.`,
    });
  }
}

export class InvalidWebhookError extends AppError {
  constructor(why: string) {
    super({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_notification',
      message: `The notification could not be read: ${why}.`,
    });
  }
}

export class PaymentsUnavailableError extends AppError {
  constructor() {
    super({
      status: 503,
      type: 'api_error',
      code: 'payments_unavailable',
      message: 'Buying credits is not available right now. Please try again later.',
    });
  }
}

export class ProcessorError extends AppError {
  constructor(action: string) {
    super({
      status: 502,
      type: 'api_error',
      code: 'processor_error',
      message: `The payment processor did not accept the ${action}. Please try again later.`,
    });
  }
}

export class PackNotFoundError extends NotFoundError {
  constructor() {
    super('No credit pack with this id is on sale.', 'pack_not_found');
  }
}

export class PurchaseNotFoundError extends NotFoundError {
  constructor() {
    super('No purchase with this id.', 'purchase_not_found');
  }
}

export class RefundNotAllowedError extends AppError {
  constructor(why: string) {
    super({ status: 409, type: 'invalid_request_error', code: 'refund_not_allowed', message: why });
  }
}

export class InvalidPackError extends AppError {
  constructor(message: string, param: string) {
    super({ status: 400, type: 'invalid_request_error', code: 'invalid_pack', message, param });
  }
}

export class ReceiptNotReadyError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'receipt_not_ready',
      message: 'This purchase has not been paid yet, so it has no receipt.',
    });
  }
}

export class TooManyCheckoutsError extends AppError {
  constructor() {
    super({
      status: 429,
      type: 'rate_limit_error',
      code: 'too_many_checkouts',
      message: 'Too many unfinished checkouts in the last 24 hours. Finish or wait for one before starting another.',
    });
  }
}
