/**
 * The migration that folds the ledger's per-request usage entries (`usage:<request id>`) into
 * hourly aggregates per account and price: a database written by the earlier version (SQLite whose
 * schema followed the earlier entities; MySQL at the previous migration) is migrated when the new
 * version starts. Balances do not move, Σ ledger = balance for every account, no entry names a
 * request, and each aggregate is exactly what the billing lib's helpers say it is. Entries the new
 * code already aggregated are added to, not duplicated; running it again changes nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BillingRecordsService,
  isUsageAggregateReference,
  LedgerService,
  usageAggregateReason,
  usageAggregateReference,
} from '@vipcloud/billing';
import { AppConfig, buildDataSourceOptions } from '@vipcloud/platform';
import { DataSource, MigrationInterface } from 'typeorm';
import { SCHEMA } from '../src/schema';
import { AppStack, createMysqlDatabase, Mode, MODES, startAppContext } from './kit';

/** The migration under test, as the schema lists it (a data migration: SQLite runs it too). */
const FoldUsage = (SCHEMA.dataMigrations as Array<new () => MigrationInterface>).find(
  (m) => m.name === 'UsageAggregates1795936800000',
) as new () => MigrationInterface;
const HOUR = 3600_000;
/** Whole seconds: MySQL's DATETIME keeps no fraction, and the hour must be what the database holds. */
const DAY = 24 * HOUR;
/** Ten days ago, at the start of an hour: within the 30 days settlement records are kept. */
const BASE = Math.floor(Date.now() / HOUR) * HOUR - 10 * DAY;

const SNAPSHOTS = [
  'deepseek-flash input=300000 cached=6000 output=1200000',
  // The same model at a later price: a separate aggregate.
  'deepseek-flash input=400000 cached=8000 output=1600000',
  'kimi-k3 input=600000 cached=150000 output=2500000',
  // Older than price snapshots: the model comes from the reason.
  null,
];

/** A small deterministic PRNG, so a failing history can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

interface Entry {
  accountId: string;
  kind: 'usage' | 'adjustment';
  amount: number;
  reference: string;
  fingerprint: string;
  reason: string;
  priceSnapshot: string | null;
  at: number;
}

/** A DATETIME as the driver returns it (MySQL: a Date; SQLite: UTC text), in ms. */
function millis(v: unknown): number {
  return v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`);
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

/**
 * Grants and per-request charges over several hours, models, prices and accounts, written as the
 * earlier version wrote them (each entry's balance after, the balance row), in seq order.
 */
async function writeHistory(ds: DataSource, entries: Entry[]): Promise<Map<string, number>> {
  const balances = new Map<string, number>();
  const existing = new Set<string>();
  for (const accountId of new Set(entries.map((e) => e.accountId))) {
    const [row] = (await ds.query('SELECT balance_micros FROM credit_balances WHERE account_id = ?', [
      accountId,
    ])) as Array<{ balance_micros: string | number }>;
    balances.set(accountId, Number(row?.balance_micros ?? 0));
    if (row) existing.add(accountId);
  }
  const rows = entries.map((e) => {
    const after = (balances.get(e.accountId) ?? 0) + e.amount;
    balances.set(e.accountId, after);
    return [
      randomUUID(),
      e.accountId,
      e.kind,
      e.amount,
      after,
      e.reference,
      e.fingerprint,
      e.reason,
      e.priceSnapshot,
      'system',
      stamp(e.at),
    ];
  });
  await ds.transaction(async (em) => {
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await em.query(
        `INSERT INTO ledger_entries (id, account_id, kind, amount_micros, balance_after_micros, reference, fingerprint, reason, price_snapshot, actor, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flat(),
      );
    }
    for (const [accountId, balance] of balances) {
      if (existing.has(accountId))
        await em.query('UPDATE credit_balances SET balance_micros = ? WHERE account_id = ?', [balance, accountId]);
      else
        await em.query(
          'INSERT INTO credit_balances (account_id, balance_micros, held_micros, updated_at) VALUES (?, ?, 0, ?)',
          [accountId, balance, stamp(BASE)],
        );
    }
  });
  return balances;
}

function history(accounts: string[], count: number, seed: number): { entries: Entry[]; requestIds: string[] } {
  const rand = lcg(seed);
  const entries: Entry[] = accounts.map((accountId, i) => ({
    accountId,
    kind: 'adjustment',
    amount: 500_000_000,
    reference: `op:grant-${i}-${seed}`,
    fingerprint: 'f'.repeat(64),
    reason: 'test credit',
    priceSnapshot: null,
    at: BASE - HOUR,
  }));
  const requestIds: string[] = [];
  // Six hours, from just after the hour to its last second; times only grow, as settlements do.
  let at = BASE;
  for (let i = 0; i < count; i++) {
    at += Math.floor((rand() * ((6 * HOUR) / count) * 2) / 1000) * 1000;
    const accountId = accounts[Math.floor(rand() * accounts.length)];
    if (rand() < 0.02) {
      entries.push({
        accountId,
        kind: 'adjustment',
        amount: 1_000_000,
        reference: `op:top-up-${seed}-${i}`,
        fingerprint: 'f'.repeat(64),
        reason: 'top-up',
        priceSnapshot: null,
        at,
      });
      continue;
    }
    const snapshot = SNAPSHOTS[Math.floor(rand() * SNAPSHOTS.length)];
    const requestId = `req_${randomBytes(12).toString('hex')}`;
    requestIds.push(requestId);
    entries.push({
      accountId,
      kind: 'usage',
      amount: -(1 + Math.floor(rand() * 50_000)),
      reference: `usage:${requestId}`,
      fingerprint: requestId,
      reason: `API request ${requestId} (${snapshot ? snapshot.split(' ')[0] : 'glm-5'})`,
      priceSnapshot: snapshot,
      at,
    });
  }
  // The last second of an hour and the first of the next are different aggregates.
  const edge = accounts[0];
  const boundary = Math.floor(at / HOUR) * HOUR + 2 * HOUR;
  for (const [when, id] of [
    [boundary - 1000, 'req_edge_last_second'],
    [boundary, 'req_edge_next_hour'],
  ] as const) {
    requestIds.push(id);
    entries.push({
      accountId: edge,
      kind: 'usage',
      amount: -7,
      reference: `usage:${id}`,
      fingerprint: id,
      reason: `API request ${id} (kimi-k3)`,
      priceSnapshot: SNAPSHOTS[2],
      at: when,
    });
  }
  return { entries, requestIds };
}

interface Aggregate {
  seq: number;
  amount: number;
  balanceAfter: number;
  start: number;
  model: string;
  priceSnapshot: string | null;
}

/** What the fold must produce from `entries` (numbered from `firstSeq` in order): by reference. */
function expectedAggregates(entries: Entry[], firstSeq: number): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  const balances = new Map<string, number>();
  entries.forEach((e, i) => {
    const after = (balances.get(e.accountId) ?? 0) + e.amount;
    balances.set(e.accountId, after);
    if (e.kind !== 'usage') return;
    const model = e.priceSnapshot ? e.priceSnapshot.split(' ')[0] : 'glm-5';
    const reference = usageAggregateReference(e.accountId, model, e.priceSnapshot ?? '', new Date(e.at));
    const a = out.get(reference) ?? {
      seq: 0,
      amount: 0,
      balanceAfter: 0,
      start: Math.floor(e.at / HOUR) * HOUR,
      model,
      priceSnapshot: e.priceSnapshot,
    };
    a.amount += e.amount;
    a.seq = firstSeq + i;
    a.balanceAfter = after;
    out.set(reference, a);
  });
  return out;
}

interface Row {
  seq: number | string;
  id: string;
  account_id: string;
  kind: string;
  amount_micros: number | string;
  balance_after_micros: number | string;
  reference: string;
  fingerprint: string;
  reason: string;
  price_snapshot: string | null;
  actor: string;
  created_at: unknown;
}

async function ledgerRows(ds: DataSource, accounts: string[]): Promise<Row[]> {
  return (await ds.query(
    `SELECT * FROM ledger_entries WHERE account_id IN (${accounts.map(() => '?').join(', ')}) ORDER BY seq`,
    accounts,
  )) as Row[];
}

async function sums(ds: DataSource, accounts: string[]): Promise<Record<string, { ledger: number; balance: number }>> {
  const out: Record<string, { ledger: number; balance: number }> = {};
  for (const a of accounts) {
    const [l] = (await ds.query('SELECT SUM(amount_micros) AS s FROM ledger_entries WHERE account_id = ?', [
      a,
    ])) as Array<{
      s: string | number;
    }>;
    const [b] = (await ds.query('SELECT balance_micros AS b FROM credit_balances WHERE account_id = ?', [a])) as Array<{
      b: string | number;
    }>;
    out[a] = { ledger: Number(l.s), balance: Number(b.b) };
  }
  return out;
}

async function settlementRecords(ds: DataSource, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [row] = (await ds.query(
      `SELECT COUNT(*) AS n FROM credit_settlements WHERE request_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    )) as Array<{ n: string | number }>;
    n += Number(row.n);
  }
  return n;
}

function expectFolded(rows: Row[], expected: Map<string, Aggregate>, requestIds: string[]): void {
  const usage = rows.filter((r) => r.kind === 'usage');
  expect(usage.map((r) => r.reference).sort()).toEqual([...expected.keys()].sort());
  for (const r of usage) {
    const a = expected.get(r.reference) as Aggregate;
    expect(isUsageAggregateReference(r.reference)).toBe(true);
    expect({
      seq: Number(r.seq),
      amount: Number(r.amount_micros),
      balanceAfter: Number(r.balance_after_micros),
      start: millis(r.created_at),
      fingerprint: r.fingerprint,
      reason: r.reason,
      priceSnapshot: r.price_snapshot,
      actor: r.actor,
    }).toEqual({
      seq: a.seq,
      amount: a.amount,
      balanceAfter: a.balanceAfter,
      start: a.start,
      fingerprint: r.reference.split(':')[2],
      reason: usageAggregateReason(a.model, new Date(a.start)),
      priceSnapshot: a.priceSnapshot,
      actor: 'system',
    });
  }
  // No entry, in any column, names a request.
  const text = JSON.stringify(rows);
  expect(requestIds.filter((id) => text.includes(id))).toEqual([]);
}

describe.each(MODES)('usage entries folded into hourly aggregates (%s)', (mode: Mode) => {
  let gw: AppStack | undefined;
  let cleanup: () => Promise<void> = async () => undefined;
  const accounts = [randomUUID(), randomUUID(), randomUUID()];
  // More than one page of the migration's reads.
  const { entries, requestIds } = history(accounts, 2300, 20261128);
  let before: Row[] = [];
  let balancesBefore: Map<string, number>;

  beforeAll(async () => {
    // The database as the earlier version left it.
    let env: Record<string, string>;
    let earlier: DataSource;
    if (mode === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'vc-fold-'));
      env = { DATA_DIR: dir };
      earlier = new DataSource(
        buildDataSourceOptions(new AppConfig({ DATA_DIR: dir }), { entities: SCHEMA.entities, migrations: [] }),
      );
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createMysqlDatabase();
      env = { DATABASE_URL: db.url };
      const previous = (SCHEMA.migrations as unknown[]).filter((m) => m !== FoldUsage);
      earlier = new DataSource(
        buildDataSourceOptions(new AppConfig({ DATABASE_URL: db.url }), {
          entities: SCHEMA.entities,
          migrations: previous as typeof SCHEMA.migrations,
        }),
      );
      cleanup = db.drop;
    }
    await earlier.initialize();
    try {
      balancesBefore = await writeHistory(earlier, entries);
      before = await ledgerRows(earlier, accounts);
    } finally {
      await earlier.destroy();
    }
    gw = await startAppContext(mode, env);
  });
  afterAll(async () => {
    await gw?.close();
    await cleanup();
  });

  it('folds them when the new version starts: balances unchanged, no entry names a request', async () => {
    const ds = (gw as AppStack).dataSource;
    const firstSeq = Number(before[0].seq);
    expect(before).toHaveLength(entries.length);
    expect(before.filter((r) => r.kind === 'usage').length).toBeGreaterThan(2000);

    const after = await ledgerRows(ds, accounts);
    expectFolded(after, expectedAggregates(entries, firstSeq), requestIds);
    // Several hours, prices and accounts: many aggregates, far fewer than requests.
    const aggregates = after.filter((r) => r.kind === 'usage');
    expect(aggregates.length).toBeGreaterThanOrEqual(accounts.length * SNAPSHOTS.length * 6);
    expect(aggregates.length).toBeLessThan(requestIds.length / 10);
    // Everything else is as it was.
    expect(after.filter((r) => r.kind !== 'usage')).toEqual(before.filter((r) => r.kind !== 'usage'));
    // Their request ids are settlement records now: a replayed settlement still finds it was charged.
    if (ds.hasMetadata('credit_settlements')) expect(await settlementRecords(ds, requestIds)).toBe(requestIds.length);
    // Σ per account unchanged, and still the balance, which did not move.
    const totals = await sums(ds, accounts);
    for (const a of accounts)
      expect(totals[a]).toEqual({ ledger: balancesBefore.get(a), balance: balancesBefore.get(a) });
    expect(await (gw as AppStack).app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('adds late per-request entries to an aggregate the new code already wrote, and is idempotent', async () => {
    const ds = (gw as AppStack).dataSource;
    const [account] = accounts;
    const snapshot = SNAPSHOTS[0] as string;
    const hour = BASE + 30 * HOUR;
    const reference = usageAggregateReference(account, 'deepseek-flash', snapshot, new Date(hour));
    const aggregate: Entry = {
      accountId: account,
      kind: 'usage',
      amount: -1_000,
      reference,
      fingerprint: reference.split(':')[2],
      reason: usageAggregateReason('deepseek-flash', new Date(hour)),
      priceSnapshot: snapshot,
      at: hour,
    };
    const late = (n: number, at: number): Entry => ({
      accountId: account,
      kind: 'usage',
      amount: -n,
      reference: `usage:req_late_${n}`,
      fingerprint: `req_late_${n}`,
      reason: `API request req_late_${n} (deepseek-flash)`,
      priceSnapshot: snapshot,
      at,
    });
    // An instance of the earlier version still settling beside the new one: per-request entries
    // before and after the new code's aggregate of the same hour, and one in an hour of its own.
    await writeHistory(ds, [late(11, hour + 60_000), aggregate, late(13, hour + 120_000), late(17, hour + HOUR)]);
    const sumsBefore = await sums(ds, accounts);
    const lastOfHour = (await ledgerRows(ds, [account])).find((r) => r.reference === 'usage:req_late_13') as Row;
    const merged = (await ledgerRows(ds, [account])).find((r) => r.reference === reference) as Row;

    const migrate = async (): Promise<void> => {
      const runner = ds.createQueryRunner();
      await runner.startTransaction();
      try {
        await new FoldUsage().up(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    };
    await migrate();
    const rows = await ledgerRows(ds, [account]);
    const mine = rows.find((r) => r.reference === reference) as Row;
    expect({
      seq: Number(mine.seq),
      id: mine.id,
      amount: Number(mine.amount_micros),
      balanceAfter: Number(mine.balance_after_micros),
    }).toEqual({
      // The new code's entry stays (its seq and id), holding both sums and the latest balance after.
      seq: Number(merged.seq),
      id: merged.id,
      amount: -1_000 - 11 - 13,
      balanceAfter: Number(lastOfHour.balance_after_micros),
    });
    const next = rows.find(
      (r) => r.reference === usageAggregateReference(account, 'deepseek-flash', snapshot, new Date(hour + HOUR)),
    ) as Row;
    expect(Number(next.amount_micros)).toBe(-17);
    expect(rows.filter((r) => r.kind === 'usage' && !isUsageAggregateReference(r.reference))).toEqual([]);
    expect(await sums(ds, accounts)).toEqual(sumsBefore);

    // Again: nothing left to fold, nothing moves.
    await migrate();
    expect(await ledgerRows(ds, [account])).toEqual(rows);
    expect(await (gw as AppStack).app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('folds, by the daily job, per-request entries an instance of the earlier version wrote after the upgrade', async () => {
    const ds = (gw as AppStack).dataSource;
    const account = accounts[2];
    const snapshot = SNAPSHOTS[2] as string;
    const recentHour = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
    const straggler = (id: string, at: number, amount: number): Entry => ({
      accountId: account,
      kind: 'usage',
      amount: -amount,
      reference: `usage:${id}`,
      fingerprint: id,
      reason: `API request ${id} (kimi-k3)`,
      priceSnapshot: snapshot,
      at,
    });
    // One into an hour the migration already aggregated, two into a recent hour, one long ago.
    const existingHour = BASE + 2 * HOUR;
    const existing = usageAggregateReference(account, 'kimi-k3', snapshot, existingHour);
    const before = (await ledgerRows(ds, [account])).find((r) => r.reference === existing) as Row;
    expect(before).toBeDefined();
    const entries = [
      straggler('req_straggler_a', existingHour + 5_000, 100),
      straggler('req_straggler_b', recentHour + 1_000, 200),
      straggler('req_straggler_c', recentHour + 2_000, 300),
      straggler('req_straggler_old', recentHour - 38 * DAY, 400),
    ];
    await writeHistory(ds, entries);
    const sumsBefore = await sums(ds, accounts);
    const written = await ledgerRows(ds, [account]);
    const balanceAfterOf = (ref: string): number =>
      Number((written.find((r) => r.reference === ref) as Row).balance_after_micros);

    const records = (gw as AppStack).app.get(BillingRecordsService);
    expect(await records.foldPerRequestUsage()).toBe(entries.length);
    const rows = await ledgerRows(ds, [account]);
    expect(rows.filter((r) => r.kind === 'usage' && !isUsageAggregateReference(r.reference))).toEqual([]);
    const byRef = (ref: string): Row => rows.find((r) => r.reference === ref) as Row;
    // Added to the migration's aggregate: same entry, both sums, the later balance after.
    expect(byRef(existing)).toMatchObject({ id: before.id, seq: before.seq });
    expect(Number(byRef(existing).amount_micros)).toBe(Number(before.amount_micros) - 100);
    expect(Number(byRef(existing).balance_after_micros)).toBe(balanceAfterOf('usage:req_straggler_a'));
    // A new aggregate for the recent hour and one for the old hour, each as the helpers say.
    for (const [ids, amount] of [
      [['req_straggler_b', 'req_straggler_c'], 500],
      [['req_straggler_old'], 400],
    ] as const) {
      const at = entries.find((e) => e.reference === `usage:${ids[0]}`)?.at as number;
      const ref = usageAggregateReference(account, 'kimi-k3', snapshot, at);
      expect({
        amount: Number(byRef(ref).amount_micros),
        balanceAfter: Number(byRef(ref).balance_after_micros),
        reason: byRef(ref).reason,
        start: millis(byRef(ref).created_at),
      }).toEqual({
        amount: -amount,
        balanceAfter: balanceAfterOf(`usage:${ids[ids.length - 1]}`),
        reason: usageAggregateReason('kimi-k3', new Date(at)),
        start: Math.floor(at / HOUR) * HOUR,
      });
    }
    expect(JSON.stringify(rows)).not.toContain('req_straggler');
    if (ds.hasMetadata('credit_settlements')) {
      expect(await settlementRecords(ds, ['req_straggler_a', 'req_straggler_b', 'req_straggler_c'])).toBe(3);
      expect(await settlementRecords(ds, ['req_straggler_old'])).toBe(0);
    }
    expect(await sums(ds, accounts)).toEqual(sumsBefore);
    expect(await (gw as AppStack).app.get(LedgerService).reconcile()).toEqual([]);
    // Again: nothing left.
    expect(await records.foldPerRequestUsage()).toBe(0);
    expect(await ledgerRows(ds, [account])).toEqual(rows);
  });

  it('renames the account in its aggregates’ references when the account is pseudonymised', async () => {
    const ds = (gw as AppStack).dataSource;
    const closed = accounts[1];
    const rows = await ledgerRows(ds, [closed]);
    expect(rows.some((r) => r.reference.startsWith(`usage:${closed}:`))).toBe(true);
    const others = await ledgerRows(ds, [accounts[0], accounts[2]]);
    const pseudonym = await (gw as AppStack).app.get(BillingRecordsService).pseudonymiseAccount(closed);
    expect(JSON.stringify(await ledgerRows(ds, [closed, pseudonym]))).not.toContain(closed);
    const renamed = await ledgerRows(ds, [pseudonym]);
    expect(renamed.map((r) => r.reference)).toEqual(
      rows.map((r) => r.reference.replace(`usage:${closed}:`, `usage:${pseudonym}:`)),
    );
    expect(renamed.filter((r) => r.kind === 'usage').every((r) => isUsageAggregateReference(r.reference))).toBe(true);
    // Other accounts' entries are untouched.
    expect(await ledgerRows(ds, [accounts[0], accounts[2]])).toEqual(others);
    expect(await (gw as AppStack).app.get(LedgerService).reconcile()).toEqual([]);
  });
});
