import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { RetentionTask } from '@vipcloud/privacy';
import { AbuseSignalsRepository } from './abuse-signals.repository';

/** As the policy keeps abuse investigation files: 90 days. A signal no case was opened for needs no longer. */
export const ABUSE_SIGNAL_RETENTION_DAYS = 90;
const DAY_MS = 24 * 3600_000;

/** Deletes abuse signals (metadata of a refused request, never its text) 90 days after they were recorded. */
@Injectable()
export class AbuseSignalsRetention extends RetentionTask {
  readonly kind = 'abuse.signals';
  readonly rule = '90 days after the signal was recorded';

  constructor(
    private readonly signals: AbuseSignalsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  purge(): Promise<number> {
    return this.signals.deleteOlderThan(new Date(this.clock.nowMs() - ABUSE_SIGNAL_RETENTION_DAYS * DAY_MS));
  }
}
