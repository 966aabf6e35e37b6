import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { RateLimitsConfig } from '../rate-limits.config';
import { FailOpenThrottlerStorage } from './fail-open-throttler.storage';
import { THROTTLE_GROUPS } from './portal-throttle.groups';
import { throttleGroupOf } from './portal-throttler.guard';

/**
 * One named throttler per group, each skipping the requests of other groups (and every request no group
 * matches: /v1, health checks). Counters live in Redis when the instances share one, in memory embedded.
 */
export function portalThrottleOptions(
  config: RateLimitsConfig,
  keyPrefix: string,
  redis: Redis | null,
): ThrottlerModuleOptions {
  return {
    throttlers: THROTTLE_GROUPS.map((group) => ({
      name: group.name,
      ttl: group.ttlMs,
      limit: group.limit(config),
      skipIf: (context) => throttleGroupOf(context) !== group.name,
      // One counter per group and caller (not per handler, the library's default): a group's routes share it.
      generateKey: (_context, tracker, name) => `${keyPrefix}throttle:${name}:${tracker}`,
    })),
    // Retry-After comes with our error; the library's per-throttler X-RateLimit-* headers would name our groups.
    setHeaders: false,
    storage: redis ? new FailOpenThrottlerStorage(redis, config.redisTimeoutMs) : undefined,
  };
}
