import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Clock, JobQueue } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { CreditsService } from '../credits/credits.service';
import { LedgerService } from '../ledger/ledger.service';
import { BillingRecordsService } from '../retention/billing-records.service';

export const RELEASE_STALE_HOLDS_JOB = 'billing.release-stale-holds';
export const RECONCILE_JOB = 'billing.reconcile';
export const PURGE_EXPIRED_JOB = 'billing.purge-expired';
const DAY_MS = 24 * 3600_000;

/**
 * Billing's periodic work — releasing holds whose instance died, reconciling every balance
 * with its ledger, deleting billing records past retention — as queued jobs. Every instance proposes each run; the job id names the time
 * window, so the queue accepts one run per window however many instances there are, and the
 * worker (BullMQ) or the in-process runner carries it out.
 */
@Injectable()
export class BillingJobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('BillingJobs');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly credits: CreditsService,
    private readonly ledger: LedgerService,
    @InjectBillingConfig() private readonly config: BillingConfig,
    private readonly clock: Clock,
    private readonly records: BillingRecordsService,
  ) {}

  onModuleInit(): void {
    this.queue.handle(RELEASE_STALE_HOLDS_JOB, async () => {
      const released = await this.credits.releaseStaleHolds();
      if (released > 0) this.logger.warn(`released ${released} stale hold(s)`);
    });
    this.queue.handle(RECONCILE_JOB, async () => {
      const drift = await this.ledger.reconcile();
      if (drift.length > 0) this.logger.error(`reconciliation found ${drift.length} account(s) whose balance is not the sum of their ledger`);
      const held = await this.ledger.reconcileHolds();
      if (held.length > 0) this.logger.error(`reconciliation found ${held.length} account(s) whose held credits are not the sum of their holds`);
    });
    this.queue.handle(PURGE_EXPIRED_JOB, async () => {
      const purged = await this.records.purgeExpired();
      this.logger.log(`billing records past retention deleted: ${purged.purchases} purchases, ${purged.events} notifications, ${purged.closedAccounts} closed accounts`);
    });
    this.every(PURGE_EXPIRED_JOB, DAY_MS);
    this.every(RELEASE_STALE_HOLDS_JOB, this.config.holdSweepEveryMs);
    this.every(RECONCILE_JOB, this.config.reconcileEveryMs);
  }

  private every(job: string, everyMs: number): void {
    const timer = setInterval(() => {
      const window = Math.floor(this.clock.nowMs() / everyMs);
      this.queue.enqueue(job, {}, { jobId: `${job.replace(/[^a-z0-9-]/gi, '-')}-${window}`, attempts: 1 }).catch((err: unknown) => this.logger.error(`could not schedule ${job}: ${err instanceof Error ? err.name : 'error'}`));
    }, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
