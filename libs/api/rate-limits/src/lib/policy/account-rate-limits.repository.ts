import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRateLimitEntity } from '../entities/account-rate-limit.entity';

@Injectable()
export class AccountRateLimitsRepository {
  constructor(private readonly db: Database) {}

  /** Every override: few accounts have one, and each instance keeps them all in memory. */
  all(): Promise<AccountRateLimitEntity[]> {
    return this.db.repository(AccountRateLimitEntity).find();
  }

  find(accountId: string): Promise<AccountRateLimitEntity | null> {
    return this.db.repository(AccountRateLimitEntity).findOneBy({ accountId });
  }

  async save(row: AccountRateLimitEntity): Promise<void> {
    await this.db.write((em) => em.getRepository(AccountRateLimitEntity).save(row));
  }

  async delete(accountId: string): Promise<number> {
    const result = await this.db.write((em) => em.getRepository(AccountRateLimitEntity).delete({ accountId }));
    return result.affected ?? 0;
  }
}
