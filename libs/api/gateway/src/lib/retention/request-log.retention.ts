import { Injectable } from '@nestjs/common';
import { RetentionTask, retentionJobName } from '@vipcloud/privacy';
import { RequestLogRetentionService } from './request-log-retention.service';

export const REQUEST_METADATA_RETENTION_KIND = 'gateway.request-metadata';
/** The job privacy's retention scheduler runs daily for it (a test or an operator may queue a run). */
export const PURGE_REQUEST_LOGS_JOB = retentionJobName(REQUEST_METADATA_RETENTION_KIND);

/**
 * The privacy policy's rule for request metadata: deleted 30 days after the request. Run daily, so a
 * row is gone at most a day after its 30 days are up.
 */
@Injectable()
export class RequestMetadataRetention extends RetentionTask {
  readonly kind = REQUEST_METADATA_RETENTION_KIND;
  readonly rule = '30 days after the request';

  constructor(private readonly retention: RequestLogRetentionService) {
    super();
  }

  purge(): Promise<number> {
    return this.retention.purgeExpired();
  }
}
