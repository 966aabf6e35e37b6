import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { MemorySharedStore, RedisSharedStore } from './shared-store';

describe('MemorySharedStore', () => {
  let now: number;
  let store: MemorySharedStore;

  beforeEach(() => {
    now = 1_000_000;
    store = new MemorySharedStore(() => now);
  });

  it('returns a value until its TTL has passed', async () => {
    await store.set('k', 'v', 1000);
    expect(await store.get('k')).toBe('v');
    now += 999;
    expect(await store.get('k')).toBe('v');
    now += 1;
    expect(await store.get('k')).toBeNull();
  });

  it('keeps an expired entry expired even if the clock goes back', async () => {
    await store.set('k', 'v', 10);
    now += 10;
    expect(await store.get('k')).toBeNull();
    now -= 10;
    expect(await store.get('k')).toBeNull();
  });

  it('replaces a value and its TTL on set', async () => {
    await store.set('k', 'old', 100);
    now += 50;
    await store.set('k', 'new', 100);
    now += 99;
    expect(await store.get('k')).toBe('new');
    now += 1;
    expect(await store.get('k')).toBeNull();
  });

  it('reads several keys at once, in order, with null for missing and expired ones', async () => {
    await store.set('a', '1', 100);
    await store.set('b', '2', 10);
    now += 10;
    expect(await store.getMany(['a', 'b', 'c', 'a'])).toEqual(['1', null, null, '1']);
    expect(await store.getMany([])).toEqual([]);
  });

  it('deletes a key', async () => {
    await store.set('k', 'v', 100);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    await expect(store.delete('missing')).resolves.toBeUndefined();
  });

  it('forgets everything on close', async () => {
    await store.set('k', 'v', 100);
    await store.close();
    expect(await store.get('k')).toBeNull();
  });
});

describe('RedisSharedStore (Redis)', () => {
  // Integration test against the local Redis (it runs on dev machines and in CI).
  let redis: Redis;
  let prefix: string;
  let store: RedisSharedStore;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  });

  afterAll(async () => {
    await redis.quit();
  });

  beforeEach(() => {
    prefix = `vcunit${randomBytes(6).toString('hex')}:`;
    store = new RedisSharedStore(redis, prefix);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  it('sets and gets a value under its prefix with a millisecond TTL', async () => {
    await store.set('route-cooldown:a', 'quota', 60_000);
    expect(await store.get('route-cooldown:a')).toBe('quota');
    expect(await redis.get(`${prefix}route-cooldown:a`)).toBe('quota');
    const ttl = await redis.pttl(`${prefix}route-cooldown:a`);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('rounds a fractional or zero TTL up to at least one millisecond', async () => {
    await store.set('frac', 'v', 1500.2);
    const ttl = await redis.pttl(`${prefix}frac`);
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(1501);
    await expect(store.set('zero', 'v', 0)).resolves.toBeUndefined();
  });

  it('lets a value expire after its TTL', async () => {
    // Redis owns the expiry, so the test asks Redis rather than racing a short TTL against a
    // loaded machine: the key carries the TTL, and once it has run out the value is gone.
    await store.set('short', 'v', 200);
    const ttl = await store.ttlMs('short');
    expect(ttl).not.toBeNull();
    expect(ttl).toBeLessThanOrEqual(200);
    const deadline = Date.now() + 5_000;
    while ((await store.get('short')) !== null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await store.get('short')).toBeNull();
    expect(await store.ttlMs('short')).toBeNull();
  });

  it('reads several keys in one call, in order, with null for missing ones', async () => {
    await store.set('a', '1', 10_000);
    await store.set('b', '2', 10_000);
    expect(await store.getMany(['b', 'missing', 'a'])).toEqual(['2', null, '1']);
    expect(await store.getMany([])).toEqual([]);
  });

  it('deletes a key', async () => {
    await store.set('k', 'v', 10_000);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    expect(await redis.exists(`${prefix}k`)).toBe(0);
  });

  it('does not see keys of another prefix', async () => {
    const other = new RedisSharedStore(redis, `${prefix}other:`);
    await other.set('k', 'theirs', 10_000);
    expect(await store.get('k')).toBeNull();
    expect(await other.get('k')).toBe('theirs');
  });

  it('leaves the shared connection open on close', async () => {
    await store.close();
    expect(await redis.ping()).toBe('PONG');
  });
});

describe('RedisSharedStore fail-open reads (Redis unreachable)', () => {
  let now: number;
  let alerts: string[];
  const options = () => ({
    timeoutMs: 50,
    alertEveryMs: 30_000,
    nowMs: () => now,
    logger: { error: (m: string) => alerts.push(m) },
  });

  beforeEach(() => {
    now = 1_000_000;
    alerts = [];
  });

  it('answers null at once, without queueing, while the connection is not up, and alerts once per interval', async () => {
    // Never connected: a command would wait in the offline queue for retries.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', () => undefined);
    const store = new RedisSharedStore(redis, 'vcunit:', options());
    expect(await store.tryGetMany(['a', 'b'])).toBeNull();
    expect(await store.trySet('a', 'server', 1000)).toBe(false);
    expect(await store.tryGetMany(['a'])).toBeNull();
    expect(await store.tryGetMany([])).toEqual([]);
    expect(store.failedOpenReads).toBe(3);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/shared store unreachable \(connection wait\)/);
    now += 30_000;
    expect(await store.tryGetMany(['a'])).toBeNull();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatch(/3 fail-open operation/);
    expect(redis.status).toBe('wait');
    redis.disconnect();
  });

  it('gives up after its timeout on a connection that hangs', async () => {
    // A server that completes the client's handshake and then never answers: the connection looks
    // up, the command never returns.
    const server = createServer((socket) =>
      socket.on('data', (data) => socket.write('+OK\r\n'.repeat(String(data).split('SETINFO').length - 1))),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const redis = new Redis(`redis://127.0.0.1:${port}`, { enableReadyCheck: false, maxRetriesPerRequest: 3 });
    redis.on('error', () => undefined);
    try {
      await new Promise<void>((r) => redis.once('ready', () => r()));
      const store = new RedisSharedStore(redis, 'vcunit:', options());
      expect(await store.tryGetMany(['a'])).toBeNull();
      expect(await store.trySet('a', 'server', 1000)).toBe(false);
      expect(store.failedOpenReads).toBe(2);
      expect(alerts[0]).toMatch(/no answer in 50 ms/);
    } finally {
      redis.disconnect();
      server.close();
    }
  });

  it('reads and writes through when Redis answers', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
    const prefix = `vcunit${randomBytes(6).toString('hex')}:`;
    try {
      await redis.ping();
      const store = new RedisSharedStore(redis, prefix, options());
      expect(await store.trySet('a', 'quota', 10_000)).toBe(true);
      expect(await store.tryGetMany(['a', 'b'])).toEqual(['quota', null]);
      expect(await store.ttlMs('a')).toBeGreaterThan(9_000);
      expect(await store.ttlMs('b')).toBeNull();
      expect(store.failedOpenReads).toBe(0);
      expect(alerts).toEqual([]);
    } finally {
      await redis.del(`${prefix}a`);
      await redis.quit();
    }
  });

  it('the in-memory store always answers', async () => {
    const store = new MemorySharedStore(() => now);
    expect(await store.trySet('a', 'auth', 1000)).toBe(true);
    expect(await store.tryGetMany(['a', 'b'])).toEqual(['auth', null]);
    now += 400;
    expect(await store.ttlMs('a')).toBe(600);
    now += 600;
    expect(await store.ttlMs('a')).toBeNull();
    expect(store.failedOpenReads).toBe(0);
  });
});
