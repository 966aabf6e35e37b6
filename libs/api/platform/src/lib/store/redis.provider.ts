import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

export function createRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: false });
  watchRedis(redis, 'Redis');
  return redis;
}

/**
 * Logs a connection's state changes, once each (reachable → unreachable → reachable again), and
 * listens to its `error` events: without a listener ioredis prints every failed reconnect to stderr.
 */
export function watchRedis(redis: Redis, name: string, logger = new Logger('Redis')): void {
  let state: 'connecting' | 'ready' | 'unreachable' = 'connecting';
  const unreachable = (reason: string): void => {
    if (state === 'unreachable') return;
    state = 'unreachable';
    logger.error(`${name} unreachable (${reason}); shared state falls back to this instance's own until it is back`);
  };
  redis.on('error', (err: Error & { code?: string }) => unreachable(err.code ?? err.name));
  // A dropped connection does not always come with an error (the peer may just close it).
  redis.on('reconnecting', () => unreachable('connection lost'));
  redis.on('ready', () => {
    if (state === 'unreachable') logger.log(`${name} reachable again`);
    state = 'ready';
  });
}
