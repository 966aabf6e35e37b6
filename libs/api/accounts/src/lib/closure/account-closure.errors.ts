import { AppError, InvalidRequestError } from '@vipcloud/platform';

/** Closing an account needs a sign-in of the last few minutes: the site sends the user through sign-in again. */
export class ReauthRequiredError extends AppError {
  constructor(minutes: number) {
    super({
      status: 401,
      type: 'authentication_error',
      code: 'reauth_required',
      message: `Sign in again to confirm it is you: closing an account needs a sign-in of the last ${minutes} minutes.`,
    });
  }
}

export class ConfirmEmailMismatchError extends InvalidRequestError {
  constructor() {
    super("The email you typed is not this account's email.", 'confirmEmail', 'confirm_email_mismatch');
  }
}
