import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { ConsentEntity, ConsentHistoryEntity, ConsentKind } from './consent.entity';

/** Consents: the current answer per account and kind, and the history of every answer. */
@Injectable()
export class ConsentsRepository {
  constructor(private readonly db: Database) {}

  find(accountId: string, kind: ConsentKind): Promise<ConsentEntity | null> {
    return this.db.repository(ConsentEntity).findOne({ where: { accountId, kind } });
  }

  listOf(accountId: string): Promise<ConsentEntity[]> {
    return this.db.repository(ConsentEntity).find({ where: { accountId } });
  }

  history(accountId: string, limit?: number): Promise<ConsentHistoryEntity[]> {
    return this.db
      .repository(ConsentHistoryEntity)
      .find({ where: { accountId }, order: { changedAt: 'DESC', id: 'ASC' }, take: limit });
  }

  countHistory(accountId: string): Promise<number> {
    return this.db.repository(ConsentHistoryEntity).count({ where: { accountId } });
  }

  /** Stores the answer as current and appends it to the history, together. */
  async record(consent: ConsentEntity): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.upsert(ConsentEntity, { ...consent }, ['accountId', 'kind']);
      await em.insert(ConsentHistoryEntity, { id: randomUUID(), ...consent });
    });
  }

  /** Everything recorded of the account's consents (erasure); returns how many rows. */
  async eraseAccount(accountId: string): Promise<number> {
    return this.db.transaction(async (em) => {
      const current = await em.delete(ConsentEntity, { accountId });
      const history = await em.delete(ConsentHistoryEntity, { accountId });
      return (current.affected ?? 0) + (history.affected ?? 0);
    });
  }
}
