import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { AccountRateLimitEntity } from '../entities/account-rate-limit.entity';

/** Support's limits for an account, for the rights of access, export and erasure. */
@Injectable()
export class RateLimitsPersonalDataRepository {
  readonly overrides: AccountRows<AccountRateLimitEntity>;

  constructor(db: Database) {
    this.overrides = new AccountRows(db, AccountRateLimitEntity, { account: 'accountId', time: 'updatedAt' });
  }
}
