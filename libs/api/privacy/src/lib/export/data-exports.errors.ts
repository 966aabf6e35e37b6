import { AppError, NotFoundError } from '@vipcloud/platform';

/** At most one export at a time per account: the one in progress must end first. */
export class ExportInProgressError extends AppError {
  constructor() {
    super({
      status: 409,
      type: 'invalid_request_error',
      code: 'export_in_progress',
      message: 'An export of your data is already being prepared. Wait until it is ready, then ask again.',
    });
  }
}

/** Unknown, someone else's, not ready or expired: the same answer, so no export's existence leaks. */
export class DataExportNotFoundError extends NotFoundError {
  constructor() {
    super('No such data export is ready for you to download.');
  }
}
