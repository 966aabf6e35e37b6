import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CreditsService } from '@vipcloud/billing';
import { MeteringService } from '@vipcloud/gateway';
import { AppConfig, JobPayload, JobQueue } from '@vipcloud/platform';
import mysql from 'mysql2/promise';
import { Logger } from 'nestjs-pino';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { DataSource } from 'typeorm';
import { createApiApp, createWorkerContext } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { CONFIG_FRAGMENTS } from '../../src/config-fragments';
import { fundedKey } from '../kit/factories';
import { defaultLegalManifestPath } from '../kit/legal';
import { deleteRedisKeys, redisUrl } from '../kit/redis';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('./services.js') as { mysqlAdminUrl(): string; mysqlDriverUrl(): string };

export type Mode = 'sqlite' | 'mysql+redis';
/** Every e2e scenario runs in both runtime modes. */
export const MODES: Mode[] = ['sqlite', 'mysql+redis'];

/** The application on its real database and queues, in one mode: what every tier of tests runs against. */
export interface AppStack {
  mode: Mode;
  app: INestApplicationContext;
  worker: INestApplicationContext | null;
  dataSource: DataSource;
  /** A key of the test account, which starts with plenty of credit. */
  apiKey: string;
  accountId: string;
  logFile: string;
  /** DATA_DIR: a temporary directory per stack (removed on close). */
  dataDir: string;
  /** Every job payload enqueued by the API process. */
  jobs: Array<{ queue: string; payload: JobPayload }>;
  redisPrefix: string;
  /** The MySQL database this stack uses (mysql+redis mode), for a second instance to share. */
  databaseUrl: string | null;
  /** Waits until request logs and queued jobs have been written. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The API serving HTTP on loopback. */
export interface Gateway extends AppStack {
  app: INestApplication;
  url: string;
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

/** The whole API listening on loopback (port 0: any free port), for tests that speak HTTP to it. */
export async function startGateway(mode: Mode, env: Record<string, string> = {}, port = 0): Promise<Gateway> {
  let http: INestApplication | undefined;
  const stack = await startStack(mode, env, async (config) => {
    http = await createApiApp(config);
    return http;
  });
  const app = http as INestApplication;
  await app.listen(port, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const close = stack.close;
  return {
    ...stack,
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      // A socket whose client aborted a stream lingers until keep-alive expires (about 5 s).
      server.closeAllConnections();
      await close();
    },
  };
}

/**
 * The same application (modules, databases, queues, timers, and in mysql+redis mode its worker)
 * without an HTTP listener: for service tests that need the real databases and nothing more.
 */
export async function startAppContext(mode: Mode, env: Record<string, string> = {}): Promise<AppStack> {
  return startStack(mode, env, async (config) => {
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'api'), {
      bufferLogs: true,
      abortOnError: false,
    });
    ctx.useLogger(ctx.get(Logger));
    return ctx;
  });
}

async function startStack(
  mode: Mode,
  env: Record<string, string>,
  create: (config: AppConfig) => Promise<INestApplicationContext>,
): Promise<AppStack> {
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
    LEGAL_MANIFEST_PATH: defaultLegalManifestPath(),
    // Every test's requests come from loopback, one network: the throttles and the spray bound would
    // count them all together. Their own specs (portal-throttle, rate-limits) set real values.
    THROTTLE_GRAPHQL_PER_MINUTE: '1000000',
    THROTTLE_SIGN_IN_PER_MINUTE: '1000000',
    THROTTLE_WEBHOOKS_PER_MINUTE: '1000000',
    THROTTLE_PORTAL_PER_MINUTE: '1000000',
    THROTTLE_REPORTS_PER_HOUR: '1000000',
    API_KEY_MISSES_PER_MINUTE: '1000000',
    ...(mode === 'mysql+redis' ? { DATABASE_URL: db?.url ?? '', REDIS_URL: redisUrl() } : {}),
    ...env,
  };
  // Every lib's settings, as the processes pass them: production refuses a fragment not validated at start-up.
  const config = new AppConfig(base, CONFIG_FRAGMENTS);
  // nestjs-pino sends every log line written outside a request to the first app's destination,
  // process-wide: reset it so this gateway's (and its worker's) lines land in its own log file,
  // which the privacy tests read. With two instances alive, the newer one's file gets them.
  __resetOutOfContextForTests();
  const app = await create(config);
  const jobs: AppStack['jobs'] = [];
  const queue = app.get(JobQueue);
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async (name, payload, options) => {
    jobs.push({ queue: name, payload });
    return enqueue(name, payload, options);
  };
  const worker = mode === 'mysql+redis' ? await createWorkerContext(config) : null;
  const stack: AppStack = {
    mode,
    app,
    worker,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    apiKey: '',
    accountId: '',
    logFile,
    dataDir: dir,
    jobs,
    redisPrefix,
    databaseUrl: config.databaseUrl ?? null,
    settle: async () => {
      await app.get(MeteringService).flush();
      await app.get(CreditsService).flush();
      await queue.drain();
    },
    close: async () => {
      await app.close();
      if (worker) await worker.close();
      if (db) await db.drop();
      if (db) await deleteRedisKeys(redisPrefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Every request holds credits first; the test account starts with plenty.
  const owner = await fundedKey(stack, 1_000_000_000, {
    prefix: 'owner',
    keyName: 'e2e',
    idempotencyKey: 'test-credit',
  });
  stack.accountId = owner.accountId;
  stack.apiKey = owner.key;
  return stack;
}

/** An operator CLI configuration on the same database (and DATA_DIR, for SQLite's file) as a running stack. */
export function cliConfig(
  stack: Pick<AppStack, 'dataDir' | 'databaseUrl'>,
  env: Record<string, string> = {},
): AppConfig {
  return new AppConfig({
    DATA_DIR: stack.dataDir,
    LOG_LEVEL: 'silent',
    ...(stack.databaseUrl ? { DATABASE_URL: stack.databaseUrl } : {}),
    ...env,
  });
}

export function readLog(stack: Pick<AppStack, 'logFile'>): string {
  try {
    return readFileSync(stack.logFile, 'utf8');
  } catch {
    return '';
  }
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
/** Every row of every table, as text. */
export async function dumpDatabase(ds: DataSource): Promise<string> {
  const out: string[] = [];
  for (const meta of ds.entityMetadatas) {
    const rows: unknown[] = await ds.query(`SELECT * FROM ${ds.driver.escape(meta.tableName)}`);
    out.push(meta.tableName, JSON.stringify(rows));
  }
  return out.join('\n');
}
