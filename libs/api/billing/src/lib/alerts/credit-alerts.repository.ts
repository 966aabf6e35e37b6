import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { CreditAlertEntity } from '../entities/credit-alert.entity';

@Injectable()
export class CreditAlertsRepository {
  constructor(private readonly db: Database) {}

  find(accountId: string): Promise<CreditAlertEntity | null> {
    return this.db.repository(CreditAlertEntity).findOneBy({ accountId });
  }

  async upsert(accountId: string, thresholdMicros: number, armed: boolean, at: Date): Promise<void> {
    await this.db.write((em) =>
      em.getRepository(CreditAlertEntity).upsert({ accountId, thresholdMicros, armed, updatedAt: at }, ['accountId']),
    );
  }

  async remove(accountId: string): Promise<void> {
    await this.db.write((em) => em.getRepository(CreditAlertEntity).delete({ accountId }));
  }

  /** Flips `armed` from one value to the other; true for the one caller that flipped it. */
  async flip(accountId: string, from: boolean, at: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em
        .createQueryBuilder()
        .update(CreditAlertEntity)
        .set({ armed: !from, updatedAt: at })
        .where('account_id = :accountId AND armed = :from', { accountId, from })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
