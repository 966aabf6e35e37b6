import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobQueue } from '@vipcloud/platform';
import { PersonalDataSource } from '../ports/personal-data-source.port';
import { ErasureDeferredError } from './erasure-deferred.error';
import { providersOf } from './provider-discovery';

/** The key of eraseAll's count of queued jobs removed (not a PersonalDataSource: platform holds them). */
export const QUEUED_JOBS = 'platform.queued-jobs';

/** The personal data sources of every feature lib in this process (see PersonalDataSource). */
@Injectable()
export class PersonalDataRegistry {
  private found: PersonalDataSource[] | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queue: JobQueue,
  ) {}

  /** Every source, in erase order (ties by kind, so the order is stable). */
  sources(): PersonalDataSource[] {
    // Looked up on first use, after every module's providers exist.
    this.found ??= providersOf(this.discovery, PersonalDataSource).sort(
      (a, b) => a.eraseOrder - b.eraseOrder || a.kind.localeCompare(b.kind),
    );
    return this.found;
  }

  /** What keeps the account from being erased now (`<source kind>: <reason>`); empty when nothing does. */
  async erasureBlockers(accountId: string): Promise<string[]> {
    const blocked = await Promise.all(
      this.sources().map(async (source) => {
        const reason = await source.erasureBlockedBy(accountId);
        return reason === null ? null : `${source.kind}: ${reason}`;
      }),
    );
    return blocked.filter((r): r is string => r !== null);
  }

  /**
   * Erases everything every source holds about the account, in erase order. Each source is
   * idempotent, so an erasure that failed half-way is simply run again. Last, the queued jobs
   * naming the account go too (an email not yet sent, a failed job BullMQ keeps, and any a source
   * queued while erasing); their count is reported as `platform.queued-jobs`. First every source is
   * asked whether work still in flight would write about the account afterwards: if one says so,
   * nothing is erased and this throws `ErasureDeferredError` (try again later).
   */
  async eraseAll(accountId: string): Promise<Map<string, number>> {
    const reasons = await this.erasureBlockers(accountId);
    if (reasons.length > 0) throw new ErasureDeferredError(accountId, reasons);
    const erased = new Map<string, number>();
    for (const source of this.sources()) {
      erased.set(source.kind, await source.erase(accountId));
    }
    erased.set(QUEUED_JOBS, await this.queue.discardMentioning(accountId));
    // Counts only, never content.
    const counts = [...erased].map(([kind, n]) => `${kind}=${n}`).join(', ');
    Logger.log(
      `personal data of ${accountId} erased from ${this.sources().length} source(s) and the job queues: ${counts}`,
      'Privacy',
    );
    return erased;
  }
}
