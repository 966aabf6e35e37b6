import { AppError } from '@vipcloud/platform';

/** The version accepted is not the current Terms (an old page, or a version that is not in effect yet). */
export class TermsVersionNotCurrentError extends AppError {
  constructor(current: string) {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'terms_version_not_current',
      param: 'version',
      message: `Only the current Terms of Service can be accepted (version ${current}). Reload and read them again.`,
    });
  }
}
