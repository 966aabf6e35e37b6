// The benchmark's targets: the fake upstream itself, the floor proxy, and the gateway in its three set-ups
// (embedded SQLite; MariaDB + Redis with one instance; two instances and a worker). Each gateway set-up
// gets its own database and its own Redis key prefix, dropped and deleted at the end, so they never share
// state and the database's sums can be checked per set-up.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch } from './processes.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
export const ROOT = new URL('../../../', import.meta.url).pathname;
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root' };
const REDIS_URL = 'redis://127.0.0.1:6379';
export const FAKE_KEY = 'sk-bench';
/** What the bench account is funded with: far more than any run can spend. */
const FUNDING_USD = 1_000_000;

export async function startFake() {
  const { proc, match } = await launch('fake upstream', [join(ROOT, 'tools/bench/fake-upstream-host.mjs'), FAKE_KEY], {
    env: process.env,
    ready: /BASE_URL (\S+)/,
    ipc: true,
  });
  const calls = () =>
    new Promise((resolve) => {
      proc.child.once('message', (m) => resolve(m.calls));
      proc.child.send('calls');
    });
  return { name: 'direct', label: 'fake upstream, direct', urls: [match[1]], key: FAKE_KEY, procs: [proc], calls };
}

export async function startFloor(fake) {
  const { proc, match } = await launch(
    'floor proxy',
    [join(ROOT, 'tools/bench/minimal-proxy.mjs'), fake.urls[0], '0'],
    {
      env: process.env,
      ready: /listening on (\S+)/,
    },
  );
  return {
    name: 'floor',
    label: 'floor: bare Node proxy (undici pool)',
    urls: [match[1]],
    key: FAKE_KEY,
    procs: [proc],
  };
}

export const GATEWAY_KINDS = {
  embedded: { label: 'gateway, embedded (SQLite)', instances: 1, worker: false, mysql: false },
  mariadb: { label: 'gateway, MariaDB + Redis, 1 instance', instances: 1, worker: false, mysql: true },
  cluster: { label: 'gateway, MariaDB + Redis, 2 instances + worker', instances: 2, worker: true, mysql: true },
};

/** Settings inherited from the shell could change the mode under test: only ours are set. */
function baseEnv(fake, extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(DATABASE_URL|REDIS_URL|REDIS_KEY_PREFIX|DATA_DIR|PORT|HOST|[A-Z_]+_(API_KEY|BASE_URL))$/.test(k))
      delete env[k];
  }
  return {
    ...env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DEEPSEEK_API_KEY: FAKE_KEY,
    DEEPSEEK_BASE_URL: fake.urls[0],
    // One key sends every request of the run: limits far above it, so each request still pays the
    // admission (what the benchmark measures) but none is refused.
    RATE_LIMIT_KEY_RPM: '1000000000',
    RATE_LIMIT_ACCOUNT_RPM: '1000000000',
    RATE_LIMIT_KEY_TPM: '1000000000000',
    RATE_LIMIT_ACCOUNT_TPM: '1000000000000',
    RATE_LIMIT_KEY_CONCURRENT_STREAMS: '1000000',
    RATE_LIMIT_ACCOUNT_CONCURRENT_STREAMS: '1000000',
    ...extra,
  };
}

export async function startGateway(kind, { fake, tmp, nodeArgs }) {
  const spec = GATEWAY_KINDS[kind];
  const id = randomBytes(4).toString('hex');
  const dataDir = join(tmp, kind);
  mkdirSync(dataDir, { recursive: true });
  const database = `vc_bench_${id}_${kind}`;
  const prefix = `vcbench-${id}-${kind}`;
  const cleanups = [];
  let db;
  if (spec.mysql) {
    const mysql = require('mysql2/promise');
    const admin = await mysql.createConnection(MYSQL);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    cleanups.push(async () => {
      const c = await mysql.createConnection(MYSQL);
      await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await c.end();
    });
    cleanups.push(() => deleteRedisKeys(prefix));
  }
  const env = baseEnv(fake, {
    DATA_DIR: dataDir,
    ...(spec.mysql
      ? { DATABASE_URL: `mariadb://root@127.0.0.1:3306/${database}`, REDIS_URL, REDIS_KEY_PREFIX: prefix }
      : {}),
  });
  const main = [...nodeArgs, join(ROOT, 'dist/apps/api/src/main.js')];
  const listening = /listening on http:\/\/[^\s:]+:(\d+)/;
  const procs = [];
  const urls = [];
  const target = {
    name: kind,
    label: spec.label,
    urls,
    procs,
    env,
    async close() {
      await db?.close();
      for (const c of cleanups) await c().catch((e) => process.stderr.write(`clean-up of ${kind}: ${e.message}\n`));
    },
  };
  try {
    // The first instance runs the migrations; the others start once the schema is there.
    const first = await launch(`${kind} instance 1`, main, { env, ready: listening });
    procs.push(first.proc);
    urls.push(`http://127.0.0.1:${first.match[1]}/v1`);
    const more = [];
    for (let i = 2; i <= spec.instances; i++)
      more.push(launch(`${kind} instance ${i}`, main, { env, ready: listening }));
    if (spec.worker)
      more.push(
        launch(`${kind} worker`, [...nodeArgs, join(ROOT, 'dist/apps/api/src/worker.js')], {
          env,
          ready: /worker started/,
        }),
      );
    for (const { proc, match } of await Promise.all(more)) {
      procs.push(proc);
      if (match[1]) urls.push(`http://127.0.0.1:${match[1]}/v1`);
    }

    const cli = async (...args) =>
      (await run(process.execPath, [join(ROOT, 'dist/apps/api/src/cli.js'), ...args], { env })).stdout;
    const email = `bench-${id}@example.com`;
    const created = await cli('accounts:create', '--email', email);
    target.accountId = /account (\S+)/.exec(created)[1];
    target.key = (await cli('keys:create', '--account', email)).trim().split('\n').pop().trim();
    await cli(
      'credits:adjust',
      ...['--account', email, '--amount', String(FUNDING_USD), '--reason', 'benchmark'],
      ...['--idempotency-key', `bench-${id}-funding`],
    );
    db = spec.mysql ? await mysqlReader(database) : sqliteReader(join(dataDir, 'vipcloud.sqlite'));
    target.snapshot = () => db.snapshot(target.accountId);
    target.reconcileCli = async () => {
      try {
        return { ok: true, output: (await cli('credits:reconcile')).trim() };
      } catch (e) {
        return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message };
      }
    };
    return target;
  } catch (e) {
    await target.close();
    throw e;
  }
}

// What the bench checks after each run, read in one transaction so a batch committing in between cannot
// make a clean ledger look drifted.
const SNAPSHOT_QUERIES = {
  logs: 'SELECT COUNT(*) AS n, COALESCE(SUM(cost_micros), 0) AS s FROM request_logs WHERE account_id = ?',
  balance: 'SELECT balance_micros AS n, held_micros AS s FROM credit_balances WHERE account_id = ?',
  ledger: 'SELECT COUNT(*) AS n, COALESCE(SUM(amount_micros), 0) AS s FROM ledger_entries WHERE account_id = ?',
  holds: 'SELECT COUNT(*) AS n, COALESCE(SUM(amount_micros), 0) AS s FROM credit_holds WHERE account_id = ?',
};

function toSnapshot(rows) {
  const n = (r, k) => Number(r?.[k] ?? 0);
  return {
    logs: n(rows.logs, 'n'),
    costSum: n(rows.logs, 's'),
    balance: n(rows.balance, 'n'),
    held: n(rows.balance, 's'),
    ledgerEntries: n(rows.ledger, 'n'),
    ledgerSum: n(rows.ledger, 's'),
    holds: n(rows.holds, 'n'),
    holdsSum: n(rows.holds, 's'),
  };
}

function sqliteReader(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statements = Object.fromEntries(Object.entries(SNAPSHOT_QUERIES).map(([k, q]) => [k, db.prepare(q)]));
  const read = db.transaction((accountId) =>
    toSnapshot(Object.fromEntries(Object.entries(statements).map(([k, s]) => [k, s.get(accountId)]))),
  );
  return { snapshot: async (accountId) => read(accountId), close: async () => db.close() };
}

async function mysqlReader(database) {
  const mysql = require('mysql2/promise');
  const c = await mysql.createConnection({ ...MYSQL, database, supportBigNumbers: true, bigNumberStrings: true });
  return {
    async snapshot(accountId) {
      await c.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      try {
        const rows = {};
        for (const [k, q] of Object.entries(SNAPSHOT_QUERIES)) rows[k] = (await c.query(q, [accountId]))[0][0];
        return toSnapshot(rows);
      } finally {
        await c.query('COMMIT');
      }
    },
    close: () => c.end(),
  };
}

/** Deletes only the keys under this run's own prefix: other users of the Redis are left alone. */
async function deleteRedisKeys(prefix) {
  const { Redis } = require('ioredis');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
