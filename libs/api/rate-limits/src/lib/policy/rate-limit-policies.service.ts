import { Injectable } from '@nestjs/common';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { AccountRateLimitEntity } from '../entities/account-rate-limit.entity';
import type { LimitSet } from '../limiter/rate-limit.types';
import { InjectRateLimitsConfig, RateLimitsConfig } from '../rate-limits.config';
import { AccountRateLimitsRepository } from './account-rate-limits.repository';

/** The limits of one account's requests: each key's, and the account's as a whole. */
export interface AccountLimits {
  readonly key: LimitSet;
  readonly account: LimitSet;
}

/** Support's values for one account; null keeps the configured default. */
export interface RateLimitOverride {
  keyRequestsPerMinute: number | null;
  keyTokensPerMinute: number | null;
  keyConcurrentStreams: number | null;
  accountRequestsPerMinute: number | null;
  accountTokensPerMinute: number | null;
  accountConcurrentStreams: number | null;
}

const FIELDS = [
  'keyRequestsPerMinute',
  'keyTokensPerMinute',
  'keyConcurrentStreams',
  'accountRequestsPerMinute',
  'accountTokensPerMinute',
  'accountConcurrentStreams',
] as const satisfies ReadonlyArray<keyof RateLimitOverride>;

/** The column's range (a signed INT). */
const MAX_VALUE = 2_147_483_647;

/**
 * Support's per-account limits, stored: read and written here (GraphQL and the CLI). Admission reads them
 * from RateLimitPolicyCache, never from the database.
 */
@Injectable()
export class RateLimitPoliciesService {
  constructor(
    private readonly repository: AccountRateLimitsRepository,
    @InjectRateLimitsConfig() private readonly config: RateLimitsConfig,
    private readonly clock: Clock,
  ) {}

  /** Every override, as the limits it makes (for the cache). */
  async all(): Promise<Map<string, AccountLimits>> {
    const rows = await this.repository.all();
    return new Map(rows.map((r) => [r.accountId, withOverride(this.config.defaults, r)]));
  }

  /** The limits that apply to the account, read from the database. */
  async limitsOf(accountId: string): Promise<AccountLimits> {
    const override = await this.overrideOf(accountId);
    return override ? withOverride(this.config.defaults, override) : this.config.defaults;
  }

  get defaults(): AccountLimits {
    return this.config.defaults;
  }

  /** Support's override for the account, or null when the defaults apply. */
  async overrideOf(accountId: string): Promise<RateLimitOverride | null> {
    const row = await this.repository.find(accountId);
    return row ? pick(row) : null;
  }

  /** Sets support's values (null: the default); instances apply them within RATE_LIMIT_POLICY_REFRESH_MS. */
  async set(accountId: string, values: RateLimitOverride, by: string): Promise<AccountLimits> {
    for (const field of FIELDS) {
      const v = values[field];
      if (v !== null && (!Number.isInteger(v) || v < 0 || v > MAX_VALUE))
        throw new InvalidRequestError(
          `${field} must be a whole number from 0 (no limit) to ${MAX_VALUE}, or null for the default.`,
          field,
          'invalid_value',
        );
    }
    if (FIELDS.every((f) => values[f] === null)) {
      await this.clear(accountId);
      return this.config.defaults;
    }
    const row = Object.assign(new AccountRateLimitEntity(), {
      accountId,
      ...pick(values),
      updatedAt: this.clock.now(),
      updatedBy: by,
    });
    await this.repository.save(row);
    return withOverride(this.config.defaults, row);
  }

  /** Back to the defaults. */
  async clear(accountId: string): Promise<void> {
    await this.repository.delete(accountId);
  }
}

/** The defaults with support's values in place of those it set. */
export function withOverride(d: AccountLimits, o: RateLimitOverride): AccountLimits {
  return {
    key: {
      requestsPerMinute: o.keyRequestsPerMinute ?? d.key.requestsPerMinute,
      tokensPerMinute: o.keyTokensPerMinute ?? d.key.tokensPerMinute,
      concurrentStreams: o.keyConcurrentStreams ?? d.key.concurrentStreams,
    },
    account: {
      requestsPerMinute: o.accountRequestsPerMinute ?? d.account.requestsPerMinute,
      tokensPerMinute: o.accountTokensPerMinute ?? d.account.tokensPerMinute,
      concurrentStreams: o.accountConcurrentStreams ?? d.account.concurrentStreams,
    },
  };
}

function pick(o: RateLimitOverride): RateLimitOverride {
  return Object.fromEntries(FIELDS.map((f) => [f, o[f] ?? null])) as unknown as RateLimitOverride;
}
