import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
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
}
