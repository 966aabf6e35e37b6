import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RequestLogEntity } from './request-log.entity';
import { RequestLogRepository } from './request-log.repository';

const FLUSH_INTERVAL_MS = 50;
const MAX_BATCH = 500;

/**
 * Writes requests' metadata rows after the answer is out, never on the caller's time. Rows are
 * batched into one multi-row INSERT every few milliseconds: one statement per request was the
 * largest cost on the hot path under load (see tools/bench).
 */
@Injectable()
export class MeteringService implements OnApplicationShutdown {
  private readonly logger = new Logger('Metering');
  private pending: RequestLogEntity[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly logs: RequestLogRepository) {}

  record(row: RequestLogEntity): void {
    this.pending.push(row);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything recorded so far; resolves when it is stored (shutdown and tests). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => (batch.length > 0 ? this.write(batch) : undefined));
    return this.writing;
  }

  private async write(batch: RequestLogEntity[]): Promise<void> {
    try {
      await this.logs.insertMany(batch);
      return;
    } catch {
      // One bad row must not cost the others theirs: fall back to row by row.
    }
    for (const row of batch) {
      try {
        await this.logs.insertMany([row]);
      } catch (err) {
        this.logger.error(`could not record request ${row.id}: ${err instanceof Error ? err.name : 'error'}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
