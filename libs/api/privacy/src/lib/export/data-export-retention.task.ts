import { Injectable } from '@nestjs/common';
import { RetentionTask } from '../ports/retention-task.port';
import { DataExportsService, EXPORT_DOWNLOAD_DAYS, EXPORT_ROW_KEPT_DAYS } from './data-exports.service';

/** Exports: the file 7 days after it is ready, the row (no content) 30 days after it ended. */
@Injectable()
export class DataExportRetentionTask extends RetentionTask {
  readonly kind = 'privacy.data-exports';
  readonly rule = `file ${EXPORT_DOWNLOAD_DAYS} days after it is ready; the record ${EXPORT_ROW_KEPT_DAYS} days after that`;
  // Hourly: a file is gone at most an hour after its 7 days.
  override readonly everyMs = 3600_000;

  constructor(private readonly exports: DataExportsService) {
    super();
  }

  purge(): Promise<number> {
    return this.exports.purgeExpired();
  }
}
