import { AppError, NotFoundError } from '@vipcloud/platform';

export class AbuseCaseNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no abuse case '${id}'.`, 'case_not_found');
  }
}

export class AbuseCaseClosedError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'case_closed',
      message: 'This case is closed already: its decision stands.',
    });
  }
}
