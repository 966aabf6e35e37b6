import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { RetentionTask } from '../ports/retention-task.port';
import { RightsRequestsRepository } from './rights-requests.repository';

/** How long an answered request is kept: the record that we answered it, should it be disputed. */
export const RIGHTS_REQUEST_RETENTION_YEARS = 3;

/** Deletes rights requests answered (completed, rejected, cancelled) more than three years ago. */
@Injectable()
export class RightsRequestsRetention extends RetentionTask {
  readonly kind = 'privacy.rights-requests';
  readonly rule = '3 years after the request was answered';

  constructor(
    private readonly requests: RightsRequestsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  purge(): Promise<number> {
    const cutoff = new Date(this.clock.nowMs());
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RIGHTS_REQUEST_RETENTION_YEARS);
    return this.requests.deleteClosedBefore(cutoff);
  }
}
