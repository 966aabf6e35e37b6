import { InvalidRequestError, NotFoundError } from '@vipcloud/platform';

export class RightsRequestNotFoundError extends NotFoundError {
  constructor() {
    super('No rights request has this id.');
  }
}

export class InvalidRightsRequestError extends InvalidRequestError {
  constructor(message: string, param: string) {
    super(message, param, 'invalid_value');
  }
}
