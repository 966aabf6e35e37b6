import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { serialisedWrite } from '@vipcloud/platform';
import { DataSource } from 'typeorm';
import { CreditAlertEntity } from '../entities/credit-alert.entity';

@Injectable()
export class CreditAlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(accountId: string): Promise<CreditAlertEntity | null> {
    return this.db.getRepository(CreditAlertEntity).findOneBy({ accountId });
  }

  async upsert(accountId: string, thresholdMicros: number, armed: boolean, at: Date): Promise<void> {
    await serialisedWrite(this.db, (em) => em.getRepository(CreditAlertEntity).upsert({ accountId, thresholdMicros, armed, updatedAt: at }, ['accountId']));
  }

  async remove(accountId: string): Promise<void> {
    await serialisedWrite(this.db, (em) => em.getRepository(CreditAlertEntity).delete({ accountId }));
  }

  /** Flips `armed` from one value to the other; true for the one caller that flipped it. */
  async flip(accountId: string, from: boolean, at: Date): Promise<boolean> {
    const result = await serialisedWrite(this.db, (em) =>
      em.createQueryBuilder().update(CreditAlertEntity).set({ armed: !from, updatedAt: at }).where('account_id = :accountId AND armed = :from', { accountId, from }).execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
