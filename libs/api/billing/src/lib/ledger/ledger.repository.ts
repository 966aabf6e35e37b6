import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import type { Price } from '../cost';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { CreditSettlementEntity } from '../entities/credit-settlement.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { priceSnapshot, usageAggregateReason, usageAggregateReference, usagePeriod } from './usage-aggregate';

export type NewEntry = Omit<LedgerEntryEntity, 'balanceAfterMicros' | 'seq'>;

export interface AppendResult {
  entry: LedgerEntryEntity;
  /** True when an entry with the same reference already existed: nothing was changed. */
  replayed: boolean;
}

/** One request's settlement as a batch applies it. */
export interface BatchSettlement {
  requestId: string;
  accountId: string;
  costMicros: number;
  model: string;
  price: Price;
  /** When the request ended (epoch ms): the usage aggregate's hour. */
  endedAtMs: number;
  /** The lease the request was admitted against (the charge comes out of it), or null. */
  leaseId: string | null;
}

export interface BatchOutcome {
  /** Request ids this batch settled (those settled before are not in it). */
  settled: Set<string>;
  /** Per lease: what the batch took out of it; null when its row was gone. */
  fromLease: Map<string, number | null>;
  /** Per account charged: its last changed usage aggregate and what the batch charged in all. */
  changes: Array<{ entry: LedgerEntryEntity; chargedMicros: number }>;
}

export interface LeaseGrowth {
  /** What was added to the lease (0: the account does not have what was asked). */
  granted: number;
  balance: number;
  /** balance − held after the growth, as read under the lock. */
  available: number;
}

interface UsageGroup {
  model: string;
  price: Price;
  at: number;
  cost: number;
}

export interface Drift {
  accountId: string;
  balanceMicros: number;
  ledgerSumMicros: number;
}

export interface HeldDrift {
  accountId: string;
  heldMicros: number;
  holdsSumMicros: number;
}

@Injectable()
export class LedgerRepository {
  constructor(private readonly db: Database) {}

  /** A unique key refused a row: another writer got there first. */
  isUniqueViolation(err: unknown): boolean {
    return this.db.isUniqueViolation(err);
  }

  findByReference(reference: string): Promise<LedgerEntryEntity | null> {
    return this.db.repository(LedgerEntryEntity).findOneBy({ reference });
  }

  /**
   * Applies one entry exactly once: the balance row is locked, moved and the entry inserted in a
   * single transaction; the unique reference makes a concurrent or replayed duplicate roll back
   * and return the entry that won.
   */
  async append(entry: NewEntry, at: Date): Promise<AppendResult> {
    // MySQL: a committed replay ends here, before any write. Not on SQLite: outside the queue this
    // read can see another transaction's uncommitted entry, which may yet roll back — reporting it
    // as applied would lose the entry. There the read inside the queued transaction is final.
    const existing = this.db.isSqlite ? null : await this.findByReference(entry.reference);
    if (existing) return { entry: existing, replayed: true };
    await this.ensureBalanceRow(entry.accountId, at);
    return this.exactlyOnce(entry.reference, () =>
      this.db.transaction(async (em) => {
        // Checked again inside: on SQLite, where transactions run one at a time, this read is
        // final, so a concurrent duplicate never reaches the unique index and never rolls back a
        // transaction other requests' writes may have joined on the shared connection.
        const winner = await em.getRepository(LedgerEntryEntity).findOneBy({ reference: entry.reference });
        if (winner) return { entry: winner, replayed: true };
        return { entry: await this.appendWithin(em, entry, at), replayed: false };
      }),
    );
  }

  /**
   * Grows an instance's lease on an account: under the balance row's lock, `decide` sees what the
   * account has free (balance − held) and its balance and names the amount to add; the conditional
   * UPDATE moves held_micros and the lease row together, so held = Σ holds at every commit.
   */
  async growLease(
    accountId: string,
    leaseId: string,
    decide: (available: number, balance: number) => number,
    at: Date,
  ): Promise<LeaseGrowth> {
    await this.ensureBalanceRow(accountId, at);
    return this.db.transaction(async (em) => {
      const row = await em.getRepository(CreditBalanceEntity).findOne({ where: { accountId }, ...this.db.forUpdate });
      const balance = row?.balanceMicros ?? 0;
      const available = balance - (row?.heldMicros ?? 0);
      const chunk = Math.max(0, Math.floor(decide(available, balance)));
      if (chunk === 0 || chunk > available) return { granted: 0, balance, available };
      const moved = await em
        .createQueryBuilder()
        .update(CreditBalanceEntity)
        .set({ heldMicros: () => `held_micros + ${chunk}` })
        .where('account_id = :accountId AND balance_micros - held_micros >= :chunk', { accountId, chunk })
        .execute();
      if ((moved.affected ?? 0) === 0) return { granted: 0, balance, available };
      // A plain read: an UPDATE or a locking read of a missing row would gap-lock credit_holds on
      // MySQL, and two instances creating leases side by side would deadlock on the gap. The lease
      // row has one writer (its instance, one growth at a time under the balance lock).
      const exists = (await em.getRepository(CreditHoldEntity).countBy({ requestId: leaseId })) > 0;
      if (exists)
        await em
          .createQueryBuilder()
          .update(CreditHoldEntity)
          .set({ amountMicros: () => `amount_micros + ${chunk}`, createdAt: at })
          .where('request_id = :leaseId', { leaseId })
          .execute();
      else
        await em
          .getRepository(CreditHoldEntity)
          .insert({ requestId: leaseId, accountId, amountMicros: chunk, createdAt: at });
      return { granted: chunk, balance, available: available - chunk };
    });
  }

  /**
   * Gives up to `amount` of a lease back to its account (an idle lease, or shutdown); the row goes
   * when nothing is left in it. Returns what was given back (less when the row holds less, 0 when
   * it is gone: released by a sweep).
   */
  async returnLease(accountId: string, leaseId: string, amount: number, at: Date): Promise<number> {
    if (amount <= 0) return 0;
    return this.db.transaction(async (em) => {
      await this.lockBalance(em, accountId);
      const lease = await em
        .getRepository(CreditHoldEntity)
        .findOne({ where: { requestId: leaseId }, ...this.db.forUpdate });
      if (!lease) return 0;
      const give = Math.min(amount, lease.amountMicros);
      if (give === lease.amountMicros) await em.delete(CreditHoldEntity, { requestId: leaseId });
      else
        await em
          .createQueryBuilder()
          .update(CreditHoldEntity)
          .set({ amountMicros: () => `amount_micros - ${give}`, createdAt: at })
          .where('request_id = :leaseId', { leaseId })
          .execute();
      await em
        .createQueryBuilder()
        .update(CreditBalanceEntity)
        .set({ heldMicros: () => `held_micros - ${give}` })
        .where('account_id = :accountId', { accountId })
        .execute();
      return give;
    });
  }

  /** Renews the time of live leases, so the stale-hold sweep leaves them alone. */
  async renewHolds(holdIds: string[], at: Date): Promise<void> {
    for (let i = 0; i < holdIds.length; i += 500) {
      const ids = holdIds.slice(i, i + 500);
      await this.db.write((em) =>
        em
          .createQueryBuilder()
          .update(CreditHoldEntity)
          .set({ createdAt: at })
          .where('request_id IN (:...ids)', { ids })
          .execute(),
      );
    }
  }

  /** Releases one hold row (a dead instance's lease, or a request's own hold) in full; returns its amount. */
  async releaseHold(holdId: string): Promise<number> {
    return this.db.transaction(async (em) => {
      const hold = await em
        .getRepository(CreditHoldEntity)
        .findOne({ where: { requestId: holdId }, ...this.db.forUpdate });
      if (!hold) return 0;
      await em.delete(CreditHoldEntity, { requestId: holdId });
      await em
        .createQueryBuilder()
        .update(CreditBalanceEntity)
        .set({ heldMicros: () => `held_micros - ${Number(hold.amountMicros)}` })
        .where('account_id = :accountId', { accountId: hold.accountId })
        .execute();
      return hold.amountMicros;
    });
  }

  /**
   * Settles a batch of requests in one transaction (group commit), each exactly once: the ids
   * already in credit_settlements are skipped; for the rest, per account, the balance goes down by
   * Σ cost (in the hour's usage aggregates, so Σ ledger = balance at commit), the charge comes out
   * of the named lease (as far as the lease holds it) and a request's own hold row, if it has one,
   * is released. A unique violation means a concurrent drain settled one of them: retry the batch.
   */
  async settleBatch(items: readonly BatchSettlement[], at: Date): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { settled: new Set(), fromLease: new Map(), changes: [] };
    const unique = new Map<string, BatchSettlement>();
    for (const item of items) if (!unique.has(item.requestId)) unique.set(item.requestId, item);
    if (unique.size === 0) return outcome;
    for (const accountId of new Set([...unique.values()].map((i) => i.accountId)))
      await this.ensureBalanceRow(accountId, at);
    return this.db.transaction(async (em) => {
      // Plain statements with placeholders, not TypeORM's builders: a batch runs several per account, and
      // building them (and hydrating entities) cost more CPU than the database's own work.
      const ids = [...unique.keys()];
      const done = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = (await em.query(
          `SELECT request_id FROM credit_settlements WHERE request_id IN (${marks(chunk.length)})`,
          chunk,
        )) as Array<{ request_id: string }>;
        for (const r of rows) done.add(r.request_id);
      }
      const fresh = [...unique.values()].filter((i) => !done.has(i.requestId));
      // Settled elsewhere (a drain charged it from the outbox, to the balance only) but admitted
      // against one of our leases: the lease must shrink by its cost too, or it would keep credits
      // reserved that the account no longer has, and admit requests against them.
      const leased = [...unique.values()].filter((i) => i.leaseId !== null);
      if (fresh.length === 0 && leased.length === 0) return outcome;
      const settledAt = persistentDate(em, CreditSettlementEntity, 'settledAt', at);
      for (let i = 0; i < fresh.length; i += 500) {
        const chunk = fresh.slice(i, i + 500);
        await em.query(
          `INSERT INTO credit_settlements (request_id, account_id, settled_at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((f) => [f.requestId, f.accountId, settledAt]),
        );
      }
      // Holds of single requests (placed before leases existed): released with their settlement.
      const ownHolds = new Map<string, number>();
      const freshIds = fresh.map((f) => f.requestId);
      for (let i = 0; i < freshIds.length; i += 500) {
        // A plain read (a locking one would gap-lock credit_holds against lease growth on MySQL);
        // the DELETE decides: only the transaction that removes the row releases its amount.
        const chunk = freshIds.slice(i, i + 500);
        const holds = (await em.query(
          `SELECT request_id, account_id, amount_micros FROM credit_holds WHERE request_id IN (${marks(chunk.length)})`,
          chunk,
        )) as Array<{ request_id: string; account_id: string; amount_micros: string | number }>;
        for (const h of holds) {
          const gone = await em.delete(CreditHoldEntity, { requestId: h.request_id });
          if ((gone.affected ?? 1) > 0)
            ownHolds.set(h.account_id, (ownHolds.get(h.account_id) ?? 0) + micros(h.amount_micros));
        }
      }
      const byAccount = new Map<string, BatchSettlement[]>();
      for (const f of fresh) byAccount.set(f.accountId, [...(byAccount.get(f.accountId) ?? []), f]);
      const leasedBy = new Map<string, BatchSettlement[]>();
      for (const f of leased) leasedBy.set(f.accountId, [...(leasedBy.get(f.accountId) ?? []), f]);
      // One lock order for every batch: two batches never wait on each other in a cycle.
      for (const accountId of [...new Set([...byAccount.keys(), ...leasedBy.keys()])].sort()) {
        const list = byAccount.get(accountId) ?? [];
        let balance = await this.lockBalance(em, accountId);
        let released = ownHolds.get(accountId) ?? 0;
        // The charge comes out of the lease it was admitted against, as far as the lease holds it.
        const perLease = new Map<string, number>();
        for (const f of leasedBy.get(accountId) ?? [])
          perLease.set(f.leaseId as string, (perLease.get(f.leaseId as string) ?? 0) + f.costMicros);
        for (const [leaseId, cost] of perLease) {
          const rows = (await em.query(
            `SELECT amount_micros FROM credit_holds WHERE request_id = ?${this.lockClause}`,
            [leaseId],
          )) as Array<{ amount_micros: string | number }>;
          const lease = rows.length > 0 ? { amountMicros: micros(rows[0].amount_micros) } : null;
          const take = Math.min(cost, lease?.amountMicros ?? 0);
          // The amount as a parameter: one statement for every batch (SQLite caches it prepared).
          if (take > 0)
            await em.query('UPDATE credit_holds SET amount_micros = amount_micros - ? WHERE request_id = ?', [
              take,
              leaseId,
            ]);
          outcome.fromLease.set(leaseId, lease ? take : null);
          released += take;
        }
        const groups = new Map<string, UsageGroup>();
        for (const f of list) {
          if (f.costMicros <= 0) continue;
          const reference = usageAggregateReference(accountId, f.model, f.price, f.endedAtMs);
          const g = groups.get(reference);
          if (g) g.cost += f.costMicros;
          else groups.set(reference, { model: f.model, price: f.price, at: f.endedAtMs, cost: f.costMicros });
        }
        let total = 0;
        let last: LedgerEntryEntity | null = null;
        for (const [reference, g] of groups) {
          balance -= g.cost;
          total += g.cost;
          if (!Number.isSafeInteger(balance)) throw new RangeError('balance out of range');
          last = await this.growAggregate(em, accountId, reference, g, balance);
        }
        await em.query(
          'UPDATE credit_balances SET balance_micros = ?, held_micros = held_micros - ?, updated_at = ? WHERE account_id = ?',
          [balance, released, persistentDate(em, CreditBalanceEntity, 'updatedAt', at), accountId],
        );
        if (last) outcome.changes.push({ entry: last, chargedMicros: total });
      }
      for (const f of fresh) outcome.settled.add(f.requestId);
      return outcome;
    });
  }

  /**
   * Adds one group's cost to its period's usage aggregate, creating it with the period's first
   * charge: one upsert on the unique reference. Not read-then-write: under MySQL's REPEATABLE READ
   * the transaction's snapshot can predate the balance lock (and miss an aggregate another batch just
   * created), and a locking read of a missing entry would gap-lock the reference index, which two
   * batches of different accounts would deadlock on. The balance row's lock, taken first, orders
   * every writer of this account's aggregates, so balance_after is the latest.
   */
  private async growAggregate(
    em: EntityManager,
    accountId: string,
    reference: string,
    g: UsageGroup,
    balanceAfter: number,
  ): Promise<LedgerEntryEntity> {
    const period = usagePeriod(g.at);
    const row = Object.assign(new LedgerEntryEntity(), {
      id: randomUUID(),
      accountId,
      kind: 'usage' as const,
      amountMicros: -g.cost,
      balanceAfterMicros: balanceAfter,
      reference,
      fingerprint: period.key,
      reason: usageAggregateReason(g.model, g.at),
      priceSnapshot: priceSnapshot(g.model, g.price),
      actor: 'system',
      createdAt: period.start,
    });
    const meta = em.connection.getMetadata(LedgerEntryEntity);
    const createdAt = meta.findColumnWithPropertyName('createdAt');
    const at = createdAt ? em.connection.driver.preparePersistentValue(period.start, createdAt) : period.start;
    const columns =
      'id, account_id, kind, amount_micros, balance_after_micros, reference, fingerprint, reason, price_snapshot, actor, created_at';
    const values = [
      row.id,
      accountId,
      row.kind,
      row.amountMicros,
      balanceAfter,
      reference,
      row.fingerprint,
      row.reason,
      row.priceSnapshot,
      row.actor,
      at,
    ];
    const grow = this.db.isSqlite
      ? 'ON CONFLICT(reference) DO UPDATE SET amount_micros = amount_micros + excluded.amount_micros, balance_after_micros = excluded.balance_after_micros'
      : 'ON DUPLICATE KEY UPDATE amount_micros = amount_micros + VALUES(amount_micros), balance_after_micros = VALUES(balance_after_micros)';
    await em.query(`INSERT INTO ledger_entries (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${grow}`, values);
    return row;
  }

  /** Balances and held amounts of several accounts in one read (the lease book's refresh). */
  async balances(accountIds: string[]): Promise<Map<string, { balance: number; held: number }>> {
    const out = new Map<string, { balance: number; held: number }>();
    for (let i = 0; i < accountIds.length; i += 500) {
      const rows = await this.db
        .repository(CreditBalanceEntity)
        .find({ where: { accountId: In(accountIds.slice(i, i + 500)) } });
      for (const r of rows) out.set(r.accountId, { balance: r.balanceMicros, held: r.heldMicros });
    }
    return out;
  }

  /** Holds older than `before` (their instance died between hold and settle). */
  staleHolds(before: Date, limit = 500): Promise<CreditHoldEntity[]> {
    return this.db
      .selectBuilder(CreditHoldEntity, 'h')
      .where('h.created_at < :before', { before })
      .orderBy('h.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  async available(accountId: string): Promise<{ balance: number; held: number }> {
    const row = await this.db.repository(CreditBalanceEntity).findOneBy({ accountId });
    return { balance: row?.balanceMicros ?? 0, held: row?.heldMicros ?? 0 };
  }

  /** Accounts whose balance row is known to exist (rows are never deleted): skips a write per request. */
  private readonly knownBalances = new Set<string>();

  /** Created outside any transaction: two transactions inserting the same new row deadlock. */
  async ensureBalanceRow(accountId: string, at: Date): Promise<void> {
    if (this.knownBalances.has(accountId)) return;
    if (this.knownBalances.size > 100_000) this.knownBalances.clear();
    const insert = (em: EntityManager) =>
      em
        .createQueryBuilder()
        .insert()
        .into(CreditBalanceEntity)
        .values({ accountId, balanceMicros: 0, heldMicros: 0, updatedAt: at })
        .orIgnore()
        .execute();
    await this.db.write(insert);
    this.knownBalances.add(accountId);
  }

  /** Forgets that an account's balance row exists (it was renamed to a pseudonym). */
  forgetBalanceRow(accountId: string): void {
    this.knownBalances.delete(accountId);
  }

  /**
   * Appends within the caller's transaction (its other rows and this entry commit together). The
   * balance row must exist (ensureBalanceRow) and the caller handles a duplicate reference.
   */
  appendIn(em: EntityManager, entry: NewEntry, at: Date): Promise<LedgerEntryEntity> {
    return this.appendWithin(em, entry, at);
  }

  /** Whether an entry with this reference exists, as seen inside a transaction. */
  async existsIn(em: EntityManager, reference: string): Promise<boolean> {
    return (await em.getRepository(LedgerEntryEntity).countBy({ reference })) > 0;
  }

  private async appendWithin(em: EntityManager, entry: NewEntry, at: Date): Promise<LedgerEntryEntity> {
    const balance = await this.lockBalance(em, entry.accountId);
    const after = balance + entry.amountMicros;
    if (!Number.isSafeInteger(after)) throw new RangeError('balance out of range');
    await em.update(CreditBalanceEntity, { accountId: entry.accountId }, { balanceMicros: after, updatedAt: at });
    const row = Object.assign(new LedgerEntryEntity(), entry, { balanceAfterMicros: after });
    await em.insert(LedgerEntryEntity, { ...row });
    for (const listener of this.listeners) listener(entry.accountId);
    return row;
  }

  private readonly listeners: Array<(accountId: string) => void> = [];

  /**
   * Called when an entry (a purchase, refund, chargeback, adjustment) moves an account's balance
   * in this process: the lease book checks the account against the database before its next request.
   */
  onBalanceChange(listener: (accountId: string) => void): void {
    this.listeners.push(listener);
  }

  /** A duplicate reference means another attempt won: its entry is the result. */
  private async exactlyOnce<T>(reference: string, work: () => Promise<T>): Promise<T | AppendResult> {
    try {
      return await work();
    } catch (err) {
      if (!this.db.isUniqueViolation(err)) throw err;
      const winner = await this.findByReference(reference);
      if (!winner) throw err;
      return { entry: winner, replayed: true };
    }
  }

  /** Holds the balance row's write lock for the rest of the transaction (SQLite: transactions are serial). */
  private async lockBalance(em: EntityManager, accountId: string): Promise<number> {
    const rows = (await em.query(`SELECT balance_micros FROM credit_balances WHERE account_id = ?${this.lockClause}`, [
      accountId,
    ])) as Array<{ balance_micros: string | number }>;
    if (rows.length === 0) throw new Error(`no balance row for account ${accountId}`);
    return micros(rows[0].balance_micros);
  }

  /** What `Database.forUpdate` asks of TypeORM, for a plain statement: the rows' write lock on MySQL/MariaDB. */
  private get lockClause(): string {
    return this.db.isSqlite ? '' : ' FOR UPDATE';
  }

  async balance(accountId: string): Promise<number> {
    const row = await this.db.repository(CreditBalanceEntity).findOneBy({ accountId });
    return row?.balanceMicros ?? 0;
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async entries(accountId: string, limit: number, before?: string): Promise<LedgerEntryEntity[]> {
    let qb = this.db.selectBuilder(LedgerEntryEntity, 'e').where('e.account_id = :accountId', { accountId });
    if (before) {
      const cursor = await this.db.repository(LedgerEntryEntity).findOneBy({ id: before, accountId });
      if (cursor) qb = qb.andWhere('e.seq < :seq', { seq: cursor.seq });
    }
    // seq is the order entries were applied in; timestamps can tie.
    return qb.orderBy('e.seq', 'DESC').limit(limit).getMany();
  }

  /**
   * Accounts whose held amount is not the sum of their hold rows. Should be none: held_micros and
   * the hold rows change in one transaction. On SQLite a read may see a transaction half done (its
   * one connection), which is why reconciliation reads twice; a lasting drift leaves credits
   * reserved that no sweep will release.
   */
  async heldDrift(): Promise<HeldDrift[]> {
    return (await this.materialisedVersusRows('held_micros', 'credit_holds'))
      .map((r) => ({ accountId: r.accountId, heldMicros: r.column, holdsSumMicros: r.rows }))
      .filter((d) => d.heldMicros !== d.holdsSumMicros);
  }

  /** Accounts whose balance is not the sum of their ledger entries (should be none, ever). */
  async drift(): Promise<Drift[]> {
    return (await this.materialisedVersusRows('balance_micros', 'ledger_entries'))
      .map((r) => ({ accountId: r.accountId, balanceMicros: r.column, ledgerSumMicros: r.rows }))
      .filter((d) => d.balanceMicros !== d.ledgerSumMicros);
  }

  /** Each account's materialised column beside the sum of the rows it stands for. */
  private async materialisedVersusRows(
    column: 'balance_micros' | 'held_micros',
    table: 'ledger_entries' | 'credit_holds',
  ): Promise<Array<{ accountId: string; column: number; rows: number }>> {
    const rows = await this.db.select<{
      account_id: string;
      materialised: string | number;
      total: string | number | null;
    }>(
      `SELECT b.account_id AS account_id, b.${column} AS materialised, (SELECT SUM(r.amount_micros) FROM ${table} r WHERE r.account_id = b.account_id) AS total
       FROM credit_balances b`,
    );
    return rows.map((r) => ({ accountId: r.account_id, column: Number(r.materialised), rows: Number(r.total ?? 0) }));
  }
}

/** `?, ?, …`: n placeholders. */
function marks(n: number): string {
  return n === 1 ? '?' : `?${', ?'.repeat(n - 1)}`;
}

/** A BIGINT column as read by a plain statement (MySQL returns it as a string): as its entity's transformer. */
function micros(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT value ${String(value)} is outside the safe integer range`);
  return n;
}

/** A date as TypeORM stores it in the entity's column (SQLite: its text form; MySQL: a UTC DATETIME). */
function persistentDate<E extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<E>,
  property: string,
  value: Date,
): unknown {
  const column = em.connection.getMetadata(entity).findColumnWithPropertyName(property);
  return column ? em.connection.driver.preparePersistentValue(value, column) : value;
}
