import { Injectable } from '@nestjs/common';
import { RetentionTask, retentionJobName } from '@vipcloud/privacy';
import { SessionsService } from './sessions.service';

export const SESSIONS_RETENTION_KIND = 'accounts.sessions';
/** The job privacy's retention scheduler runs daily for it (a test or an operator may queue a run). */
export const PURGE_ENDED_SESSIONS_JOB = retentionJobName(SESSIONS_RETENTION_KIND);

/**
 * The privacy policy's rule for portal sessions: a record is deleted 30 days after the session ended
 * (at sign-out or suspension, or by its idle or absolute timeout). Run daily, so a record is gone at
 * most a day after its 30 days are up.
 */
@Injectable()
export class SessionsRetention extends RetentionTask {
  readonly kind = SESSIONS_RETENTION_KIND;
  readonly rule = '30 days after the session ended';

  constructor(private readonly sessions: SessionsService) {
    super();
  }

  purge(): Promise<number> {
    return this.sessions.purgeEnded();
  }
}
