import { Redis } from 'ioredis';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../support/services.js') as { redisUrl(): string };

export const redisUrl = (): string => services.redisUrl();

/** Runs `work` on a short-lived connection to the test Redis, which is always closed again. */
async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(services.redisUrl());
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/** Removes every key under a test's prefix (each gateway, and each sweeper, has its own). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  await withRedis(async (redis) => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
}

/** Everything Redis holds under a prefix, as text: keys, strings, hashes, lists, sets, streams. */
export async function dumpRedis(prefix: string): Promise<string> {
  return withRedis(async (redis) => {
    const out: string[] = [];
    for (const key of await redis.keys(`${prefix}*`)) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push(String(await redis.get(key)));
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    return out.join('\n');
  });
}
