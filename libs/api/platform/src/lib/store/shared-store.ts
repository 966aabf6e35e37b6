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
  /** Reads and deletes in one step: of several concurrent takers, exactly one gets the value. */
  abstract take(key: string): Promise<string | null>;
  /**
   * A named map without expiry, for small durable work lists every instance can read (an outbox):
   * its entries stay until deleted.
   */
  abstract mapSet(map: string, field: string, value: string): Promise<void>;
  abstract mapGetAll(map: string): Promise<Record<string, string>>;
  abstract mapDelete(map: string, field: string): Promise<void>;
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
    // Expired entries nobody reads again would otherwise stay forever.
    if (++this.writes % 1000 === 0) this.sweep();
    this.entries.set(key, { value, expiresAt: this.nowMs() + ttlMs });
  }

  async take(key: string): Promise<string | null> {
    const value = await this.get(key);
    this.entries.delete(key);
    return value;
  }

  private writes = 0;

  private sweep(): void {
    const now = this.nowMs();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private readonly maps = new Map<string, Map<string, string>>();

  async mapSet(map: string, field: string, value: string): Promise<void> {
    let m = this.maps.get(map);
    if (!m) this.maps.set(map, (m = new Map()));
    m.set(field, value);
  }

  async mapGetAll(map: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.maps.get(map) ?? []);
  }

  async mapDelete(map: string, field: string): Promise<void> {
    this.maps.get(map)?.delete(field);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.maps.clear();
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

  take(key: string): Promise<string | null> {
    return this.redis.getdel(this.prefix + key);
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    await this.redis.hset(this.prefix + map, field, value);
  }

  mapGetAll(map: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.prefix + map);
  }

  async mapDelete(map: string, field: string): Promise<void> {
    await this.redis.hdel(this.prefix + map, field);
  }

  async close(): Promise<void> {
    // The connection belongs to the platform module, which closes it.
  }
}
