import { Injectable, Logger } from '@nestjs/common';
import { RequestLogEntity } from './request-log.entity';
import { RequestLogRepository } from './request-log.repository';

/** Writes the request's metadata row once the answer is out, never on the caller's time. */
@Injectable()
export class MeteringService {
  private readonly logger = new Logger('Metering');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly logs: RequestLogRepository) {}

  record(row: RequestLogEntity): void {
    const write = this.logs
      .insert(row)
      .catch((err: unknown) => this.logger.error(`could not record request ${row.id}: ${err instanceof Error ? err.name : 'error'}`))
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Resolves when every pending write has finished (shutdown and tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
