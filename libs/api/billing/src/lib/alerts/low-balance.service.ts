import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { NotificationsService } from '@vipcloud/notifications';
import type { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { CreditAlertsRepository } from './credit-alerts.repository';

const THRESHOLD_CACHE_MS = 5_000;

/**
 * The owner's low-balance alert: one email each time the balance falls under their threshold.
 * Every ledger entry knows its balance before and after, and entries of one account are applied
 * one at a time, so exactly one entry crosses downwards per crossing; the `armed` flag, flipped
 * with a conditional UPDATE, makes the email once-only even if an entry were observed twice.
 */
@Injectable()
export class LowBalanceService {
  private readonly logger = new Logger('LowBalance');
  /** Thresholds read recently (null: no alert), so settling a request rarely costs a query. */
  private readonly cache = new Map<string, { threshold: number | null; until: number }>();

  constructor(
    private readonly alerts: CreditAlertsRepository,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async threshold(accountId: string): Promise<number | null> {
    return (await this.alerts.find(accountId))?.thresholdMicros ?? null;
  }

  /** Sets (or, with null, removes) the threshold; armed only if the balance is at or above it now. */
  async setThreshold(accountId: string, thresholdMicros: number | null, balanceMicros: number): Promise<void> {
    if (thresholdMicros === null) await this.alerts.remove(accountId);
    else await this.alerts.upsert(accountId, thresholdMicros, balanceMicros >= thresholdMicros, this.clock.now());
    this.cache.set(accountId, { threshold: thresholdMicros, until: this.clock.nowMs() + THRESHOLD_CACHE_MS });
  }

  /** Called after an entry has committed; never throws (an alert must not fail a payment or a request). */
  async observe(entry: LedgerEntryEntity): Promise<void> {
    try {
      const before = entry.balanceAfterMicros - entry.amountMicros;
      const after = entry.balanceAfterMicros;
      const threshold = await this.cachedThreshold(entry.accountId);
      if (threshold === null) return;
      const now = this.clock.now();
      if (before >= threshold && after < threshold) {
        if (await this.alerts.flip(entry.accountId, true, now)) {
          await this.notifications.lowBalance({
            accountId: entry.accountId,
            balanceMicros: after,
            thresholdMicros: threshold,
            dedupeKey: entry.id,
          });
        }
      } else if (before < threshold && after >= threshold) {
        await this.alerts.flip(entry.accountId, false, now);
      }
    } catch (err) {
      this.logger.error(
        `low-balance check failed for ${entry.accountId}: ${err instanceof Error ? err.name : 'error'}`,
      );
    }
  }

  private async cachedThreshold(accountId: string): Promise<number | null> {
    const hit = this.cache.get(accountId);
    if (hit && hit.until > this.clock.nowMs()) return hit.threshold;
    const threshold = await this.threshold(accountId);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(accountId, { threshold, until: this.clock.nowMs() + THRESHOLD_CACHE_MS });
    return threshold;
  }
}
