import { Logger } from '@nestjs/common';
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
  /** Milliseconds until the key expires; null when it does not exist (for operators' detail). */
  abstract ttlMs(key: string): Promise<number | null>;
  /** Reads and deletes in one step: of several concurrent takers, exactly one gets the value. */
  abstract take(key: string): Promise<string | null>;
  /**
   * A named map without expiry, for small durable work lists every instance can read (an outbox):
   * its entries stay until deleted.
   */
  abstract mapSet(map: string, field: string, value: string): Promise<void>;
  /** Several fields in one round trip (an outbox keeps every settlement of one event-loop turn at once). */
  abstract mapSetMany(map: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
  abstract mapGetAll(map: string): Promise<Record<string, string>>;
  /** Deletes every field given, in one round trip (an outbox forgets a whole batch at once). */
  abstract mapDelete(map: string, ...fields: string[]): Promise<void>;
  abstract close(): Promise<void>;

  /**
   * `getMany` for state an instance can do without (route cool-downs): resolves `null` instead of
   * failing or waiting long when the store cannot answer, and the caller uses what it knows itself.
   * Never use it where a missing answer must stop the caller (money, sign-in state).
   */
  tryGetMany(keys: string[]): Promise<Array<string | null> | null> {
    return this.getMany(keys).catch(() => null);
  }

  /** `set` on the same terms: false when the value could not be shared. */
  trySet(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.set(key, value, ttlMs).then(
      () => true,
      () => false,
    );
  }

  /** `ttlMs` on the same terms: null when the store cannot answer (soon). */
  tryTtlMs(key: string): Promise<number | null> {
    return this.ttlMs(key).catch(() => null);
  }

  /** Reads answered by local state since start because the store could not answer (for operators). */
  get failedOpenReads(): number {
    return 0;
  }
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

  async ttlMs(key: string): Promise<number | null> {
    const e = this.entries.get(key);
    return e && e.expiresAt > this.nowMs() ? e.expiresAt - this.nowMs() : null;
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

  async mapSetMany(map: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    let m = this.maps.get(map);
    if (!m) this.maps.set(map, (m = new Map()));
    for (const [field, value] of entries) m.set(field, value);
  }

  async mapGetAll(map: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.maps.get(map) ?? []);
  }

  async mapDelete(map: string, ...fields: string[]): Promise<void> {
    const m = this.maps.get(map);
    if (m) for (const field of fields) m.delete(field);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.maps.clear();
  }
}

export interface FailOpenOptions {
  /** Longest a fail-open read or write waits for Redis (ms). */
  timeoutMs?: number;
  /** At most one alert per this many ms while Redis cannot answer. */
  alertEveryMs?: number;
  nowMs?: () => number;
  logger?: Pick<Logger, 'error'>;
}

export class RedisSharedStore extends SharedStore {
  private readonly timeoutMs: number;
  private readonly alertEveryMs: number;
  private readonly nowMs: () => number;
  private readonly logger: Pick<Logger, 'error'>;
  private failed = 0;
  private failedSinceAlert = 0;
  private lastAlertAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'vipcloud:',
    options: FailOpenOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 250;
    this.alertEveryMs = options.alertEveryMs ?? 30_000;
    this.nowMs = options.nowMs ?? Date.now;
    this.logger = options.logger ?? new Logger('SharedStore');
  }

  override tryGetMany(keys: string[]): Promise<Array<string | null> | null> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.failOpen(() => this.getMany(keys), null);
  }

  override trySet(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.failOpen(() => this.set(key, value, ttlMs).then(() => true), false);
  }

  override tryTtlMs(key: string): Promise<number | null> {
    return this.failOpen(() => this.ttlMs(key), null);
  }

  override get failedOpenReads(): number {
    return this.failed;
  }

  /**
   * Runs `work` only on a ready connection (a disconnected client would queue the command and retry
   * it for seconds) and for at most `timeoutMs` (a connection can hang without closing).
   */
  private async failOpen<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    if (this.redis.status !== 'ready') return this.fellBack(fallback, `connection ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    try {
      const result = await Promise.race([work(), timeout]);
      return result === 'timeout' ? this.fellBack(fallback, `no answer in ${this.timeoutMs} ms`) : result;
    } catch (err) {
      return this.fellBack(fallback, err instanceof Error ? err.name : 'error');
    } finally {
      clearTimeout(timer);
    }
  }

  private fellBack<T>(fallback: T, reason: string): T {
    this.failed++;
    this.failedSinceAlert++;
    const now = this.nowMs();
    // One line per interval, not one per request: an outage would otherwise flood the log.
    if (now - this.lastAlertAt >= this.alertEveryMs) {
      this.logger.error(
        `shared store unreachable (${reason}): serving with this instance's own cool-downs ` +
          `(${this.failedSinceAlert} fail-open operation(s) since the last alert)`,
      );
      this.lastAlertAt = now;
      this.failedSinceAlert = 0;
    }
    return fallback;
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

  async ttlMs(key: string): Promise<number | null> {
    const ttl = await this.redis.pttl(this.prefix + key);
    return ttl >= 0 ? ttl : null;
  }

  take(key: string): Promise<string | null> {
    return this.redis.getdel(this.prefix + key);
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    await this.redis.hset(this.prefix + map, field, value);
  }

  async mapSetMany(map: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    if (entries.length > 0) await this.redis.hset(this.prefix + map, ...entries.flat());
  }

  mapGetAll(map: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.prefix + map);
  }

  async mapDelete(map: string, ...fields: string[]): Promise<void> {
    if (fields.length > 0) await this.redis.hdel(this.prefix + map, ...fields);
  }

  async close(): Promise<void> {
    // The connection belongs to the platform module, which closes it.
  }
}
