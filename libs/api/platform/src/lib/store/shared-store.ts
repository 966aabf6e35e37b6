import type { Redis } from 'ioredis';

/**
 * Short-lived state every API instance must agree on (route cool-downs, later rate limits):
 * in memory for a single embedded process, Redis when several instances run.
 */
export abstract class SharedStore {
  abstract get(key: string): Promise<string | null>;
  /** Several keys in one round trip (the request path reads cool-downs this way). */
  abstract getMany(keys: string[]): Promise<Array<string | null>>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  abstract close(): Promise<void>;
}

export class MemorySharedStore extends SharedStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {
    super();
  }

  async get(key: string): Promise<string | null> {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expiresAt <= this.nowMs()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }

  getMany(keys: string[]): Promise<Array<string | null>> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.nowMs() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

export class RedisSharedStore extends SharedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'vipcloud:',
  ) {
    super();
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  getMany(keys: string[]): Promise<Array<string | null>> {
    return keys.length === 0 ? Promise.resolve([]) : this.redis.mget(keys.map((k) => this.prefix + k));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    // The connection belongs to the platform module, which closes it.
  }
}
