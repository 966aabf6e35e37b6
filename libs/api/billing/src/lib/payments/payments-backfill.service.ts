import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { PaymentProcessor } from './payment-processor';
import { PaymentsUnavailableError } from './payments.errors';
import { PaymentsRepository } from './payments.repository';
import { NotificationOutcome, PaymentsService } from './payments.service';

export interface BackfillResult {
  /** Notifications the processor listed. */
  listed: number;
  /** What applying each did; `replayed`: it had already been received (by webhook or an earlier run). */
  outcomes: Partial<Record<NotificationOutcome, number>>;
  /** Listed on a first run (or with `since`) but older than where it starts: not applied. */
  beforeStart: number;
  /** Listed but unreadable: left to the webhook's retries and to an operator. */
  unreadable: number;
  /** Where the next run resumes. */
  cursor: string | null;
}

/**
 * Recovers processor notifications that never reached the webhook (we were down longer than the
 * processor retries, a secret was wrong, a proxy dropped them): reads the processor's event log
 * after the stored cursor and applies each through `PaymentsService.apply` — the path a webhook
 * takes, where the notification's id makes it apply once however many times and ways it arrives.
 * The cursor is stored after each page, once everything up to it has been applied.
 */
@Injectable()
export class PaymentsBackfillService {
  private readonly logger = new Logger('PaymentsBackfill');

  constructor(
    private readonly processor: PaymentProcessor,
    private readonly payments: PaymentsService,
    private readonly repository: PaymentsRepository,
    private readonly clock: Clock,
    @InjectBillingConfig() private readonly config: BillingConfig,
  ) {}

  /** Whether the processor's log can be read (an API key is configured). */
  get available(): boolean {
    return this.processor.canCharge;
  }

  /**
   * Applies what the log holds after the cursor. Without a cursor (the first run), or with `since`
   * (an operator re-reading a period), the log is read from its oldest entry and only what occurred
   * from `since` — by default the configured window back from now — is applied.
   */
  async run(since?: Date): Promise<BackfillResult> {
    if (!this.processor.canCharge) throw new PaymentsUnavailableError();
    const stored = since ? null : await this.repository.backfillCursor(this.processor.name);
    const start = stored ? null : (since ?? new Date(this.clock.nowMs() - this.config.backfillWindowMs));
    const result: BackfillResult = { listed: 0, outcomes: {}, beforeStart: 0, unreadable: 0, cursor: stored };
    for await (const page of this.processor.listEvents(stored)) {
      result.listed += page.events.length + page.unreadable;
      result.unreadable += page.unreadable;
      for (const event of page.events) {
        if (start && event.occurredAt < start) {
          result.beforeStart += 1;
          continue;
        }
        // A failure here (the database) ends the run before the cursor passes this event.
        const outcome = await this.payments.apply(event);
        result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
        if (outcome !== 'replayed')
          this.logger.warn(`notification ${event.eventId} (${event.type}) recovered from the event log: ${outcome}`);
      }
      if (page.last) {
        await this.repository.saveBackfillCursor(this.processor.name, page.last, this.clock.now());
        result.cursor = page.last;
      }
    }
    return result;
  }
}
