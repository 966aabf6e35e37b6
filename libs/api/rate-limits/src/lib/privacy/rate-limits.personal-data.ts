import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { AccountRateLimitEntity } from '../entities/account-rate-limit.entity';
import { RateLimitsPersonalDataRepository } from './rate-limits-personal-data.repository';

/** Limits support set for the account instead of the defaults: kept while the account is, erased with it. */
@Injectable()
export class RateLimitOverridesPersonalData extends TablePersonalDataSource<AccountRateLimitEntity> {
  readonly kind = 'rate-limits.overrides';
  readonly category = 'abuse';

  constructor(repository: RateLimitsPersonalDataRepository) {
    super(repository.overrides, {
      name: 'rate-limits.json',
      format: 'json',
      description:
        'Rate limits our support team set for your account instead of the defaults (requests and tokens per ' +
        'minute and concurrent streams, per key and for the account; empty means the default), and when.',
    });
  }

  protected toRow(o: AccountRateLimitEntity): PersonalDataRow {
    return {
      updatedAt: isoTime(o.updatedAt),
      keyRequestsPerMinute: o.keyRequestsPerMinute,
      keyTokensPerMinute: o.keyTokensPerMinute,
      keyConcurrentStreams: o.keyConcurrentStreams,
      accountRequestsPerMinute: o.accountRequestsPerMinute,
      accountTokensPerMinute: o.accountTokensPerMinute,
      accountConcurrentStreams: o.accountConcurrentStreams,
    };
  }
}

export const RATE_LIMITS_PERSONAL_DATA = [RateLimitsPersonalDataRepository, RateLimitOverridesPersonalData];
