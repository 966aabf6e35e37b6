import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { RequestLogEntity } from '../metering/request-log.entity';

/** Deletes request metadata past its retention. */
@Injectable()
export class RequestLogRetentionRepository {
  constructor(private readonly db: Database) {}

  /**
   * Deletes rows created before `cutoff`, `batch` at a time, each batch its own short statement
   * (found by the time index), so MariaDB never locks a month of rows at once and requests keep
   * writing their rows meanwhile. Returns how many went.
   */
  async deleteOlderThan(cutoff: Date, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db
        .selectBuilder(RequestLogEntity, 'r')
        .select('r.id', 'id')
        .where('r.created_at < :cutoff', { cutoff })
        .limit(batch)
        .getRawMany<{ id: string }>();
      if (rows.length === 0) return total;
      const ids = rows.map((r) => r.id);
      const result = await this.db.write((em) =>
        em
          .createQueryBuilder()
          .delete()
          .from(RequestLogEntity)
          .where('id IN (:...ids) AND created_at < :cutoff', { ids, cutoff })
          .execute(),
      );
      const deleted = result.affected ?? ids.length;
      total += deleted;
      if (rows.length < batch || deleted === 0) return total;
    }
  }
}
