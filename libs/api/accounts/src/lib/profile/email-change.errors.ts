import { AppError, InvalidRequestError } from '@vipcloud/platform';

export class EmailTakenError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'email_taken',
      param: 'email',
      message: 'Another account already uses this email. Choose another address.',
    });
  }
}

export class EmailUnchangedError extends InvalidRequestError {
  constructor() {
    super('This is already the email of your account.', 'email', 'email_unchanged');
  }
}
