import { createHash, randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Until now every charged request left its own usage entry in the ledger (`usage:<request id>`, its
 * time, model and price), kept as long as billing records are. That is per-request metadata, which
 * the privacy policy deletes after 30 days. This folds those entries into the ledger's usage
 * aggregates: one entry per account, price snapshot and UTC hour, holding the sum of the hour's
 * charges. Balances do not move and Σ ledger = balance still holds for every account.
 *
 * Written for both databases: MySQL/MariaDB run it with the other migrations, SQLite (whose schema
 * follows the entities) runs it as a data migration after that schema is in place.
 *
 * The aggregate's reference, fingerprint and reason are copied from libs/api/billing's
 * usage-aggregate.ts rather than imported: a migration is frozen in time, and a later change to the
 * live helpers must not change what this one did (nor break a database migrated from scratch).
 */

const PERIOD_MS = 3600_000;
/** Entries read per round trip: the groups stay in memory, the entries do not. */
const PAGE = 2000;
/** How long settlement records are kept (billing's retention of per-request detail). */
const SETTLEMENT_RECORD_DAYS = 30;
/** Entries deleted (or recorded) per statement (a bounded list). */
const DELETE_CHUNK = 500;
/** The aggregate format (which newer code writes, and this migration writes): left as it is. */
const AGGREGATE_REFERENCE = /^usage:[^:]+:\d{10}:[0-9a-f]{16}$/;

const pad = (n: number): string => String(n).padStart(2, '0');

function periodKey(start: Date): string {
  return `${start.getUTCFullYear()}${pad(start.getUTCMonth() + 1)}${pad(start.getUTCDate())}${pad(start.getUTCHours())}`;
}

function aggregateReference(accountId: string, model: string, priceSnapshot: string, start: Date): string {
  const digest = createHash('sha256').update(`${model}\n${priceSnapshot}`).digest('hex').slice(0, 16);
  return `usage:${accountId}:${periodKey(start)}:${digest}`;
}

function aggregateReason(model: string, start: Date): string {
  const day = `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-${pad(start.getUTCDate())}`;
  const hour = start.getUTCHours();
  return `API usage: ${model}, ${day} ${pad(hour)}:00–${pad(hour + 1)}:00 UTC`.slice(0, 500);
}

/**
 * The model an entry was billed for: the first word of its price snapshot (`<model> input=…`), or,
 * for an entry older than snapshots, the one its reason names (`API request <id> (<model>)`).
 */
function modelOf(priceSnapshot: string | null, reason: string): string {
  if (priceSnapshot) return priceSnapshot.split(' ')[0];
  return /\(([^()]+)\)\s*$/.exec(reason)?.[1] ?? 'unknown';
}

/** A DATETIME as the driver returns it: MySQL a Date, SQLite UTC text (`YYYY-MM-DD HH:MM:SS.SSS`). */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value).replace(' ', 'T');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

interface UsageRow {
  seq: number | string;
  account_id: string;
  amount_micros: number | string;
  balance_after_micros: number | string;
  reference: string;
  price_snapshot: string | null;
  reason: string;
  created_at: unknown;
}

interface Group {
  accountId: string;
  model: string;
  priceSnapshot: string | null;
  start: Date;
  amount: number;
  /** The group's last entry (by seq): the aggregate takes its place and its balance after. */
  lastSeq: number;
  lastBalanceAfter: number;
}

export class UsageAggregates1795936800000 implements MigrationInterface {
  name = 'UsageAggregates1795936800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.driver.options.type === 'better-sqlite3';
    // SQLite compares DATETIME as text: written the way TypeORM writes it there.
    const stamp = (d: Date): string =>
      d
        .toISOString()
        .replace('T', ' ')
        .slice(0, sqlite ? 23 : 19);

    // Settlement is exactly once by the request ids in credit_settlements (kept 30 days): the ids of
    // recent entries go there as they are folded, so a settlement of an earlier version replayed
    // after the upgrade (its outbox entry drained again) still finds that it was charged.
    const recordSettlements = await queryRunner.hasTable('credit_settlements');
    const recordSince = Date.now() - SETTLEMENT_RECORD_DAYS * 24 * PERIOD_MS;
    const groups = new Map<string, Group>();
    for (let after = 0; ;) {
      const rows = (await queryRunner.query(
        `SELECT seq, account_id, amount_micros, balance_after_micros, reference, price_snapshot, reason, created_at
         FROM ledger_entries WHERE kind = 'usage' AND seq > ? ORDER BY seq LIMIT ${PAGE}`,
        [after],
      )) as UsageRow[];
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].seq);
      const folded: number[] = [];
      const settled: unknown[][] = [];
      for (const row of rows) {
        if (AGGREGATE_REFERENCE.test(row.reference)) continue;
        const model = modelOf(row.price_snapshot, row.reason);
        const createdAt = toDate(row.created_at);
        const start = new Date(Math.floor(createdAt.getTime() / PERIOD_MS) * PERIOD_MS);
        const requestId = row.reference.slice('usage:'.length);
        if (recordSettlements && createdAt.getTime() >= recordSince && requestId.length <= 64)
          settled.push([requestId, row.account_id, stamp(createdAt)]);
        const reference = aggregateReference(row.account_id, model, row.price_snapshot ?? '', start);
        const seq = Number(row.seq);
        const group = groups.get(reference) ?? {
          accountId: row.account_id,
          model,
          priceSnapshot: row.price_snapshot,
          start,
          amount: 0,
          lastSeq: 0,
          lastBalanceAfter: 0,
        };
        group.amount += Number(row.amount_micros);
        // Pages come in seq order, so the latest entry seen is the group's last.
        group.lastSeq = seq;
        group.lastBalanceAfter = Number(row.balance_after_micros);
        groups.set(reference, group);
        folded.push(seq);
      }
      // Deleted as they are read (the migration's transaction makes it all or nothing); reading
      // on by seq is unaffected.
      for (let i = 0; i < folded.length; i += DELETE_CHUNK) {
        const chunk = folded.slice(i, i + DELETE_CHUNK);
        await queryRunner.query(`DELETE FROM ledger_entries WHERE seq IN (${chunk.map(() => '?').join(', ')})`, chunk);
      }
      for (let i = 0; i < settled.length; i += DELETE_CHUNK) {
        const chunk = settled.slice(i, i + DELETE_CHUNK);
        await queryRunner.query(
          `${sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE'} INTO credit_settlements (request_id, account_id, settled_at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flat(),
        );
      }
      if (rows.length < PAGE) break;
    }

    for (const [reference, g] of groups) {
      if (!Number.isSafeInteger(g.amount)) throw new Error(`usage of ${g.accountId} does not fit a safe integer`);
      const [existing] = (await queryRunner.query(
        'SELECT seq, balance_after_micros FROM ledger_entries WHERE reference = ?',
        [reference],
      )) as Array<{ seq: number | string; balance_after_micros: number | string }>;
      if (existing) {
        // Newer code already charged this hour: one entry for it, holding both sums. Its balance
        // after is whichever of the two last changed the balance.
        const balanceAfter =
          Number(existing.seq) > g.lastSeq ? Number(existing.balance_after_micros) : g.lastBalanceAfter;
        await queryRunner.query(
          'UPDATE ledger_entries SET amount_micros = amount_micros + ?, balance_after_micros = ? WHERE seq = ?',
          [g.amount, balanceAfter, Number(existing.seq)],
        );
        continue;
      }
      // The aggregate takes the seq of the hour's last entry (now deleted), so the ledger reads
      // in the order it was applied, with that entry's balance after.
      await queryRunner.query(
        `INSERT INTO ledger_entries (seq, id, account_id, kind, amount_micros, balance_after_micros, reference, fingerprint, reason, price_snapshot, actor, created_at)
         VALUES (?, ?, ?, 'usage', ?, ?, ?, ?, ?, ?, 'system', ?)`,
        [
          g.lastSeq,
          randomUUID(),
          g.accountId,
          g.amount,
          g.lastBalanceAfter,
          reference,
          periodKey(g.start),
          aggregateReason(g.model, g.start),
          g.priceSnapshot,
          stamp(g.start),
        ],
      );
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo: the per-request entries cannot come back (their request ids are gone,
    // which is the point), and the aggregates are valid entries for the earlier code as well.
  }
}
