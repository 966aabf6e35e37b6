import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig, REDIS, watchRedis } from '@vipcloud/platform';
import type { Redis } from 'ioredis';

type Listener = () => void;

/**
 * Tells every API instance to forget the API keys it has cached, when a change must refuse (or
 * accept again) keys at once: an account closed, reopened or suspended, a key revoked. Each
 * instance caches keys for a few seconds; without this a closed account's keys would keep working
 * on the other instances until their entries expire.
 *
 * With Redis (several instances), a message on a pub/sub channel under the deployment's key prefix;
 * in the embedded default (one process), just this process's listeners. Should the subscription
 * drop, the caches are cleared when it is back (messages sent meanwhile are lost), and the cache's
 * short TTL bounds what a lost message can cost.
 */
@Injectable()
export class ApiKeyInvalidation implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ApiKeyInvalidation');
  private readonly listeners = new Set<Listener>();
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    config: AppConfig,
    @Optional() @Inject(REDIS) private readonly redis: Redis | null,
  ) {
    this.channel = `${config.redisKeyPrefix}:api-keys:invalidate`;
  }

  /** Subscribed before the instance serves: a message published after start-up reaches it. */
  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    // A subscribed connection can run no other command: a connection of its own.
    const subscriber = this.redis.duplicate();
    watchRedis(subscriber, 'Redis (API key invalidation)', this.logger);
    subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.notify();
    });
    // Anything published while the connection was down is lost: forget everything instead.
    let connected = false;
    subscriber.on('ready', () => {
      if (connected) this.notify();
      connected = true;
    });
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (!subscriber) return;
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => undefined);
    else subscriber.disconnect();
  }

  /** `listener` runs on every invalidation, this instance's own included. */
  onInvalidate(listener: Listener): void {
    this.listeners.add(listener);
  }

  /**
   * Every instance forgets its cached keys. Resolves once Redis has passed the message on to
   * every subscribed instance (and this one has forgotten its own), so the caller's answer is
   * sent after the change is known everywhere.
   */
  async invalidateEverywhere(): Promise<void> {
    this.notify();
    if (!this.redis) return;
    try {
      await this.redis.publish(this.channel, 'all');
    } catch (err) {
      // The change is in the database: the other instances' caches expire within seconds anyway.
      this.logger.error(`could not tell the other instances (${err instanceof Error ? err.name : 'error'})`);
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
