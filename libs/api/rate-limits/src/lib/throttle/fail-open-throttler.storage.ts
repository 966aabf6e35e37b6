import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Redis } from 'ioredis';

/**
 * The portal's throttle counters in Redis, shared by every instance; while Redis cannot answer, this
 * instance's own counters (fail open, as the /v1 limits do): sign-in and the portal keep working, each
 * instance still bounding what it serves. One alert line per interval.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private readonly logger = new Logger('PortalThrottle');
  private lastAlertAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs: number,
  ) {
    this.shared = new ThrottlerStorageRedisService(redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const local = () => this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    if (this.redis.status !== 'ready') return this.fellBack(local, `connection ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      // One more turn for a reply already read off the socket (see RedisRateLimiter.admit).
      timer = setTimeout(() => setImmediate(() => resolve(null)), this.timeoutMs);
    });
    try {
      const record = await Promise.race([
        this.shared.increment(key, ttl, limit, blockDuration, throttlerName),
        timeout,
      ]);
      return record ?? this.fellBack(local, `no answer in ${this.timeoutMs} ms`);
    } catch (err) {
      return this.fellBack(local, err instanceof Error ? err.name : 'error');
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }

  private fellBack(local: () => Promise<ThrottlerStorageRecord>, reason: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (now - this.lastAlertAt >= 30_000) {
      this.logger.error(`portal throttle: Redis unreachable (${reason}); this instance counts alone`);
      this.lastAlertAt = now;
    }
    return local();
  }
}
