import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';

@Injectable()
export class AbuseSignalsRepository {
  constructor(private readonly db: Database) {}

  /** Idempotent on request id, so a retried job is harmless. */
  async insertOnce(signal: AbuseSignalEntity): Promise<void> {
    await this.db.write((em) =>
      em.createQueryBuilder().insert().into(AbuseSignalEntity).values(signal).orIgnore().execute(),
    );
  }

  listForAccount(accountId: string): Promise<AbuseSignalEntity[]> {
    return this.db.repository(AbuseSignalEntity).find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Signals recorded before `cutoff`, `batch` at a time. Signals are few (a refusal is rare), so the
   * daily scan needs no index of its own.
   */
  deleteOlderThan(cutoff: Date, batch = 500): Promise<number> {
    return deleteInBatches(this.db, AbuseSignalEntity, {
      key: 'id',
      where: 'created_at < :cutoff',
      params: { cutoff },
      batch,
    });
  }
}
