import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobQueue, JobScheduler } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { CreditsService } from '../credits/credits.service';
import { LedgerService } from '../ledger/ledger.service';
import { PaymentsBackfillService } from '../payments/payments-backfill.service';

export const RELEASE_STALE_HOLDS_JOB = 'billing.release-stale-holds';
export const RECONCILE_JOB = 'billing.reconcile';
export const PAYMENTS_BACKFILL_JOB = 'billing.payments-backfill';
export const DRAIN_SETTLEMENTS_JOB = 'billing.drain-settlements';
/**
 * How often any instance drains the settlement outbox. The instance that wrote an entry retries it
 * itself within seconds; this run is for entries whose instance died, so a short fixed period is enough.
 */
const DRAIN_SETTLEMENTS_EVERY_MS = 30_000;

/**
 * Billing's periodic work — releasing holds whose instance died, charging settlements the database
 * refused (the outbox), reconciling every balance with its ledger, recovering payment notifications
 * that never arrived from the processor's event log — as queued jobs. The lib owns them: it registers the handlers and their schedules here, and the platform's scheduler proposes each
 * run once per window (in the API and worker, never in the CLI); the worker (BullMQ) or the
 * in-process runner carries it out. A new lib's periodic work follows the same pattern; deleting
 * records past retention is a RetentionTask instead (billing-records.retention.ts), which privacy's
 * retention scheduler runs and audits.
 */
@Injectable()
export class BillingJobsService implements OnModuleInit {
  private readonly logger = new Logger('BillingJobs');

  constructor(
    private readonly queue: JobQueue,
    private readonly credits: CreditsService,
    private readonly ledger: LedgerService,
    @InjectBillingConfig() private readonly config: BillingConfig,
    private readonly scheduler: JobScheduler,
    private readonly backfill: PaymentsBackfillService,
  ) {}

  onModuleInit(): void {
    this.queue.handle(RELEASE_STALE_HOLDS_JOB, async () => {
      const released = await this.credits.releaseStaleHolds();
      if (released > 0) this.logger.warn(`released ${released} stale hold(s)`);
    });
    this.queue.handle(DRAIN_SETTLEMENTS_JOB, async () => {
      const landed = await this.credits.drainOutbox();
      if (landed > 0) this.logger.warn(`charged ${landed} request(s) from the settlement outbox`);
    });
    this.queue.handle(RECONCILE_JOB, async () => {
      const drift = await this.ledger.reconcile();
      if (drift.length > 0)
        this.logger.error(
          `reconciliation found ${drift.length} account(s) whose balance is not the sum of their ledger`,
        );
      const held = await this.ledger.reconcileHolds();
      if (held.length > 0)
        this.logger.error(
          `reconciliation found ${held.length} account(s) whose held credits are not the sum of their holds`,
        );
    });
    this.queue.handle(PAYMENTS_BACKFILL_JOB, async () => {
      const r = await this.backfill.run();
      const recovered = r.listed - r.beforeStart - r.unreadable - (r.outcomes.replayed ?? 0);
      if (recovered > 0) this.logger.warn(`recovered ${recovered} payment notification(s) the webhook never received`);
      if (r.unreadable > 0) this.logger.error(`${r.unreadable} listed payment notification(s) could not be read`);
    });
    // Without an API key there is no event log to read (and no checkout whose notifications could be missed).
    if (this.backfill.available) this.scheduler.every(PAYMENTS_BACKFILL_JOB, this.config.backfillEveryMs);
    this.scheduler.every(RELEASE_STALE_HOLDS_JOB, this.config.holdSweepEveryMs);
    this.scheduler.every(DRAIN_SETTLEMENTS_JOB, DRAIN_SETTLEMENTS_EVERY_MS);
    this.scheduler.every(RECONCILE_JOB, this.config.reconcileEveryMs);
  }
}
