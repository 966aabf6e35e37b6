import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Clock, JobQueue, JobScheduler } from '@vipcloud/platform';
import { LegalAnnouncementsService } from './legal-announcements.service';

export const LEGAL_ANNOUNCE_JOB = 'legal.announce';
/** A new version takes effect at the start of its day (UTC): it is announced within this. */
const ANNOUNCE_EVERY_MS = 10 * 60_000;
/** Instances started within the same minute propose one start-up run between them. */
const START_WINDOW_MS = 60_000;

/**
 * The announcements' schedule: every 10 minutes, and once as the process starts, so a deployment
 * that brings a version already in effect announces it without waiting. Concurrent runs are safe
 * (see LegalAnnouncementsService); the job ids only spare the work of a redundant one.
 */
@Injectable()
export class LegalJobsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('LegalJobs');

  constructor(
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
    private readonly clock: Clock,
    private readonly announcements: LegalAnnouncementsService,
  ) {}

  onModuleInit(): void {
    this.queue.handle(LEGAL_ANNOUNCE_JOB, async () => {
      await this.announcements.announceDue();
    });
    this.scheduler.every(LEGAL_ANNOUNCE_JOB, ANNOUNCE_EVERY_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    const window = Math.floor(this.clock.nowMs() / START_WINDOW_MS);
    await this.queue
      .enqueue(LEGAL_ANNOUNCE_JOB, {}, { jobId: `legal-announce-start-${window}`, attempts: 1 })
      .catch((err: unknown) => {
        // The schedule tries again within ten minutes; starting must not fail for it.
        this.logger.error(
          `could not propose the start-up announcement run: ${err instanceof Error ? err.name : 'error'}`,
        );
      });
  }
}
