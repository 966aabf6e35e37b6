import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RequestLogEntity } from './request-log.entity';
import { RequestLogRepository } from './request-log.repository';

const FLUSH_INTERVAL_MS = 50;
const MAX_BATCH = 500;
/** Rows kept while the database is away: about 10 MB at most, beyond which the oldest are dropped. */
const MAX_RETAINED = 20_000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * Writes requests' metadata rows after the answer is out, never on the caller's time. Rows are
 * batched into one multi-row INSERT every few milliseconds: one statement per request was the
 * largest cost on the hot path under load (see tools/bench). While the database is unreachable the
 * rows are kept in memory (bounded) and written when it is back: a request's row is its owner's
 * usage record, so a blip must not erase it.
 */
@Injectable()
export class MeteringService implements OnApplicationShutdown {
  private readonly logger = new Logger('Metering');
  private pending: RequestLogEntity[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** 0 while the database answers; the wait before the next attempt while it does not. */
  private retryMs = 0;

  constructor(private readonly logs: RequestLogRepository) {}

  record(row: RequestLogEntity): void {
    this.pending.push(row);
    // While the database is away, rows wait for the retry timer instead of forcing attempts.
    if (this.pending.length >= MAX_BATCH && this.retryMs === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything recorded so far; resolves when it is stored or kept for a retry (shutdown and tests). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => (batch.length > 0 ? this.write(batch) : undefined));
    return this.writing;
  }

  /** Rows kept because the database was unreachable, not yet written. */
  get retained(): number {
    return this.pending.length;
  }

  private async write(batch: RequestLogEntity[]): Promise<void> {
    try {
      await this.logs.insertMany(batch);
      return this.recovered();
    } catch (err) {
      if (this.logs.failure(err) === 'unavailable') return this.keep(batch);
      // One bad row must not cost the others theirs: fall back to row by row.
    }
    for (const [i, row] of batch.entries()) {
      try {
        await this.logs.insertMany([row]);
      } catch (err) {
        const failure = this.logs.failure(err);
        // A duplicate is a row already stored (its acknowledgement was lost): nothing to do.
        if (failure === 'unavailable') return this.keep(batch.slice(i));
        if (failure === 'refused') this.logger.error(`could not record request ${row.id}: ${errorName(err)}`);
      }
    }
    this.recovered();
  }

  /** Puts rows back in front of newer ones and tries again later, backing off while the database is away. */
  private keep(rows: RequestLogEntity[]): void {
    if (this.retryMs === 0) this.logger.error('the database is unreachable: request rows are kept and retried');
    this.pending = [...rows, ...this.pending];
    const excess = this.pending.length - MAX_RETAINED;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.logger.error(`dropped the ${excess} oldest request row(s): more than ${MAX_RETAINED} waiting`);
    }
    this.retryMs = Math.min(Math.max(this.retryMs * 2, RETRY_MIN_MS), RETRY_MAX_MS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.retryMs);
    this.timer.unref();
  }

  private recovered(): void {
    if (this.retryMs === 0) return;
    this.retryMs = 0;
    this.logger.log('the database answers again: kept request rows written');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
}
