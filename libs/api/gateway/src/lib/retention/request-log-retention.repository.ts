import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { RequestLogEntity } from '../metering/request-log.entity';

/** Deletes request metadata past its retention. */
@Injectable()
export class RequestLogRetentionRepository {
  constructor(private readonly db: Database) {}

  /**
   * Deletes rows created before `cutoff`, `batch` at a time (found by the time index), so requests
   * keep writing their rows meanwhile. Returns how many went.
   */
  deleteOlderThan(cutoff: Date, batch = 500): Promise<number> {
    return deleteInBatches(this.db, RequestLogEntity, {
      key: 'id',
      where: 'created_at < :cutoff',
      params: { cutoff },
      batch,
    });
  }
}
