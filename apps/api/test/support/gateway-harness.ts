import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AccountsService, ApiKeysService } from '@vipcloud/accounts';
import { LedgerService } from '@vipcloud/billing';
import { MeteringService } from '@vipcloud/gateway';
import { AppConfig, JobPayload, JobQueue } from '@vipcloud/platform';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { DataSource } from 'typeorm';
import { createApiApp, createWorkerContext } from '../../src/app.factory';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('./services.js') as { mysqlAdminUrl(): string; mysqlDriverUrl(): string; redisUrl(): string };

export type Mode = 'sqlite' | 'mysql+redis';
/** Every e2e scenario runs in both runtime modes. */
export const MODES: Mode[] = ['sqlite', 'mysql+redis'];

export interface Gateway {
  mode: Mode;
  url: string;
  app: INestApplication;
  worker: INestApplicationContext | null;
  dataSource: DataSource;
  apiKey: string;
  accountId: string;
  logFile: string;
  /** DATA_DIR: a temporary directory per gateway (removed on close). */
  dataDir: string;
  /** Every job payload enqueued by the API process. */
  jobs: Array<{ queue: string; payload: JobPayload }>;
  redisPrefix: string;
  /** The MySQL database this gateway uses (mysql+redis mode), for a second instance to share. */
  databaseUrl: string | null;
  /** Waits until request logs and queued jobs have been written. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A scratch MySQL database, dropped again by the returned function. */
export async function createMysqlDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = services.mysqlAdminUrl();
  const name = `vc_test_${randomBytes(6).toString('hex')}`;
  const conn = await mysql.createConnection({ uri: services.mysqlDriverUrl() });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await mysql.createConnection({ uri: services.mysqlDriverUrl() });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export async function startGateway(mode: Mode, env: Record<string, string> = {}, port = 0): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'vc-e2e-'));
  const logFile = join(dir, 'app.log');
  const redisPrefix = `vctest${randomBytes(4).toString('hex')}`;
  // A second instance passes the first one's DATABASE_URL and shares its database.
  const db = mode === 'mysql+redis' && !env['DATABASE_URL'] ? await createMysqlDatabase() : null;
  const base: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    LOG_LEVEL: 'debug',
    LOG_DESTINATION: logFile,
    REDIS_KEY_PREFIX: redisPrefix,
    ...(mode === 'mysql+redis' ? { DATABASE_URL: db?.url ?? '', REDIS_URL: services.redisUrl() } : {}),
    ...env,
  };
  const config = new AppConfig(base);
  // nestjs-pino sends every log line written outside a request to the first app's destination,
  // process-wide: reset it so this gateway's (and its worker's) lines land in its own log file,
  // which the privacy tests read. With two instances alive, the newer one's file gets them.
  __resetOutOfContextForTests();
  const app = await createApiApp(config);
  const jobs: Gateway['jobs'] = [];
  const queue = app.get(JobQueue);
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async (name, payload, options) => {
    jobs.push({ queue: name, payload });
    return enqueue(name, payload, options);
  };
  await app.listen(port, '127.0.0.1');
  const worker = mode === 'mysql+redis' ? await createWorkerContext(config) : null;
  const address = app.getHttpServer().address() as { port: number };
  const account = await app.get(AccountsService).create(`owner-${randomBytes(4).toString('hex')}@example.com`);
  const { secret } = await app.get(ApiKeysService).create(account.id, { name: 'e2e' });
  // Every request holds credits first; the test account starts with plenty.
  await app.get(LedgerService).adjust({ accountId: account.id, amountMicros: 1_000_000_000, reason: 'test credit', actor: 'system', idempotencyKey: `test-credit-${account.id}` });
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    mode,
    url: `http://127.0.0.1:${address.port}`,
    app,
    worker,
    dataSource,
    apiKey: secret,
    accountId: account.id,
    logFile,
    dataDir: dir,
    jobs,
    redisPrefix,
    databaseUrl: config.databaseUrl ?? null,
    settle: async () => {
      await app.get(MeteringService).flush();
      await queue.drain();
    },
    close: async () => {
      // A socket whose client aborted a stream lingers until keep-alive expires (about 5 s).
      (app.getHttpServer() as import('node:http').Server).closeAllConnections();
      await app.close();
      if (worker) await worker.close();
      if (db) await db.drop();
      if (db) await deleteRedisKeys(redisPrefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(services.redisUrl());
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

/** A port free right now, for a server whose public URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Everything Redis holds under a prefix, as text: keys, strings, hashes, lists, sets, streams. */
export async function dumpRedis(prefix: string): Promise<string> {
  const redis = new Redis(services.redisUrl());
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
  redis.disconnect();
  return out.join('\n');
}

/** Every row of every table, as text. */
export async function dumpDatabase(ds: DataSource): Promise<string> {
  const out: string[] = [];
  for (const meta of ds.entityMetadatas) {
    const rows: unknown[] = await ds.query(`SELECT * FROM ${ds.driver.escape(meta.tableName)}`);
    out.push(meta.tableName, JSON.stringify(rows));
  }
  return out.join('\n');
}

export function readLog(gw: Gateway): string {
  try {
    return readFileSync(gw.logFile, 'utf8');
  } catch {
    return '';
  }
}

/** Polls until the check passes (rows are written just after the answer, off the request path). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
