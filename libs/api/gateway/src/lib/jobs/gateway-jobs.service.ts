import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobQueue, JobScheduler } from '@vipcloud/platform';
import { RequestLogRetentionService } from '../retention/request-log-retention.service';

export const PURGE_REQUEST_LOGS_JOB = 'gateway.purge-request-logs';
/** Daily: a row is then gone at most a day after its 30 days are up. */
const PURGE_REQUEST_LOGS_EVERY_MS = 24 * 3600_000;

/**
 * The gateway's periodic work as queued jobs, registered the way billing's and accounts' are:
 * deleting request metadata past its 30 days. The platform's scheduler proposes each run once per
 * window (in the API and worker, never in the CLI); the worker or the in-process runner runs it.
 */
@Injectable()
export class GatewayJobsService implements OnModuleInit {
  private readonly logger = new Logger('GatewayJobs');

  constructor(
    private readonly retention: RequestLogRetentionService,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.queue.handle(PURGE_REQUEST_LOGS_JOB, async () => {
      const purged = await this.retention.purgeExpired();
      this.logger.log(`metadata of ${purged} request(s) made over 30 days ago deleted`);
    });
    this.scheduler.every(PURGE_REQUEST_LOGS_JOB, PURGE_REQUEST_LOGS_EVERY_MS);
  }
}
