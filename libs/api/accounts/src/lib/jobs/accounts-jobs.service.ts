import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobQueue, JobScheduler } from '@vipcloud/platform';
import { SessionsService } from '../sessions/sessions.service';

export const PURGE_ENDED_SESSIONS_JOB = 'accounts.purge-ended-sessions';
/** Daily: a record is then gone at most a day after its 30 days are up. */
const PURGE_ENDED_SESSIONS_EVERY_MS = 24 * 3600_000;

/**
 * Accounts' periodic work as queued jobs, registered the way billing's are: deleting the records of
 * portal sessions 30 days after they end. The platform's scheduler proposes each run once per
 * window (in the API and worker, never in the CLI); the worker or the in-process runner runs it.
 */
@Injectable()
export class AccountsJobsService implements OnModuleInit {
  constructor(
    private readonly sessions: SessionsService,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.queue.handle(PURGE_ENDED_SESSIONS_JOB, async () => {
      const purged = await this.sessions.purgeEnded();
      Logger.log(`records of ${purged} session(s) ended over 30 days ago deleted`, 'AccountsJobs');
    });
    this.scheduler.every(PURGE_ENDED_SESSIONS_JOB, PURGE_ENDED_SESSIONS_EVERY_MS);
  }
}
