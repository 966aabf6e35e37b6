import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AbuseModule } from '@vipcloud/abuse';
import { AccountsModule } from '@vipcloud/accounts';
import { AppConfig, Clock, provideConfig, REDIS } from '@vipcloud/platform';
import type { Redis } from 'ioredis';
import { AccountRateLimitEntity } from './entities/account-rate-limit.entity';
import { RateLimitsResolver } from './graphql/rate-limits.resolver';
import { MemoryRateLimiter } from './limiter/memory-rate-limiter';
import { RateLimiter } from './limiter/rate-limiter';
import { RedisRateLimiter } from './limiter/redis-rate-limiter';
import { AccountRateLimitsRepository } from './policy/account-rate-limits.repository';
import { RateLimitPoliciesService } from './policy/rate-limit-policies.service';
import { RateLimitPolicyCache } from './policy/rate-limit-policy.cache';
import { RATE_LIMITS_PERSONAL_DATA } from './privacy/rate-limits.personal-data';
import { RateLimitsConfig, rateLimitsConfig } from './rate-limits.config';
import { RateLimitsService } from './rate-limits.service';
import { portalThrottleOptions } from './throttle/portal-throttle.options';
import { PortalThrottlerGuard } from './throttle/portal-throttler.guard';

export const RATE_LIMITS_ENTITIES = [AccountRateLimitEntity];

/** The limiter: Redis when the instances share one (exact across them), this process's memory otherwise. */
const limiterProvider = {
  provide: RateLimiter,
  inject: [rateLimitsConfig.token, AppConfig, Clock, { token: REDIS, optional: true }],
  useFactory: (config: RateLimitsConfig, app: AppConfig, clock: Clock, redis: Redis | null): RateLimiter => {
    const memory = new MemoryRateLimiter(() => clock.nowMs(), config.streamSlotTtlMs);
    return redis
      ? new RedisRateLimiter(redis, {
          prefix: `${app.redisKeyPrefix}:`,
          timeoutMs: config.redisTimeoutMs,
          fallback: memory,
        })
      : memory;
  },
};

/** What the limits keep about an account, for the privacy rights (the API and the worker, which erases). */
@Module({ providers: [...RATE_LIMITS_PERSONAL_DATA] })
export class RateLimitsDataModule {}

/** Who may set limits, and what they are: shared by the API and the CLI. */
@Module({
  imports: [AccountsModule],
  providers: [provideConfig(rateLimitsConfig), AccountRateLimitsRepository, RateLimitPoliciesService],
  exports: [RateLimitPoliciesService, AccountsModule, rateLimitsConfig.token],
})
export class RateLimitPoliciesModule {}

/**
 * The /v1 rate limits (admission for the gateway, support's per-account values in GraphQL) and the
 * throttling of the portal's routes. Its guard is registered after the access guard (this module imports
 * the accounts lib), so a signed-in caller is throttled as its account.
 */
@Module({
  imports: [
    AbuseModule,
    RateLimitPoliciesModule,
    RateLimitsDataModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitPoliciesModule],
      inject: [rateLimitsConfig.token, AppConfig, { token: REDIS, optional: true }],
      useFactory: (config: RateLimitsConfig, app: AppConfig, redis: Redis | null) =>
        portalThrottleOptions(config, `${app.redisKeyPrefix}:`, redis),
    }),
  ],
  providers: [
    limiterProvider,
    RateLimitPolicyCache,
    RateLimitsService,
    RateLimitsResolver,
    { provide: APP_GUARD, useClass: PortalThrottlerGuard },
  ],
  exports: [RateLimitsService],
})
export class RateLimitsModule {}
