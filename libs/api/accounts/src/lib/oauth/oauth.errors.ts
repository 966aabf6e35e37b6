import { AppError, InvalidRequestError, NotFoundError } from '@vipcloud/platform';

export class SignInProviderNotFoundError extends NotFoundError {
  constructor(provider: string) {
    super(`Sign-in with '${provider}' is not available.`, 'provider_not_available');
  }
}

export class SignUpExpiredError extends AppError {
  constructor() {
    super({
      status: 400,
      type: 'invalid_request_error',
      code: 'sign_up_expired',
      message: 'This sign-up has expired or was started in another browser. Sign in again.',
    });
  }
}

export class SignUpConsentError extends AppError {
  constructor(message: string) {
    super({ status: 400, type: 'invalid_request_error', code: 'consent_required', message });
  }
}

export class EmailInUseError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'email_in_use',
      message:
        'An account with this email already exists. Sign in with the provider you used before, then link this one from your settings.',
    });
  }
}

/** An operator's link (identities:link) names an identity another account already signs in with. */
export class IdentityLinkedElsewhereError extends InvalidRequestError {
  constructor(provider: string, subject: string) {
    super(
      `The ${provider} identity ${subject} is linked to another account; it is never moved.`,
      'subject',
      'invalid_value',
    );
  }
}

export class InvalidSubjectError extends InvalidRequestError {
  constructor(provider: string) {
    super(
      provider === 'github'
        ? 'A GitHub subject is the user’s numeric id, e.g. 583231.'
        : 'A Google subject is the user’s `sub`: up to 255 visible characters, no spaces.',
      'subject',
      'invalid_value',
    );
  }
}
