import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import type { EntityManager } from 'typeorm';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';

export type NewEntry = Omit<LedgerEntryEntity, 'balanceAfterMicros' | 'seq'>;

export interface AppendResult {
  entry: LedgerEntryEntity;
  /** True when an entry with the same reference already existed: nothing was changed. */
  replayed: boolean;
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
   * Reserves `amount` if balance − held covers it, with one conditional UPDATE (atomic across
   * instances), and records the hold under the request id.
   */
  async reserve(accountId: string, requestId: string, amount: number, at: Date): Promise<boolean> {
    await this.ensureBalanceRow(accountId, at);
    // A plain write: queued on SQLite, two single statements on MySQL (see reserveWith).
    return this.db.write((em) => this.reserveWith(em, accountId, requestId, amount, at));
  }

  private async reserveWith(
    db: EntityManager,
    accountId: string,
    requestId: string,
    amount: number,
    at: Date,
  ): Promise<boolean> {
    // Two single statements, no explicit transaction on MySQL: this runs before the first byte of
    // every request, and BEGIN/COMMIT would add two round trips. The UPDATE alone is the atomic check.
    const result = await db
      .createQueryBuilder()
      .update(CreditBalanceEntity)
      .set({ heldMicros: () => `held_micros + ${Number(amount)}` })
      .where('account_id = :accountId AND balance_micros - held_micros >= :amount', { accountId, amount })
      .execute();
    if ((result.affected ?? 0) === 0) return false;
    try {
      await db.getRepository(CreditHoldEntity).insert({ requestId, accountId, amountMicros: amount, createdAt: at });
    } catch (err) {
      // Give the reservation back: without its hold row nothing would ever release it.
      await db
        .createQueryBuilder()
        .update(CreditBalanceEntity)
        .set({ heldMicros: () => `held_micros - ${Number(amount)}` })
        .where('account_id = :accountId', { accountId })
        .execute();
      throw err;
    }
    return true;
  }

  /**
   * Settles a request exactly once: releases its hold and, if it cost anything, debits the
   * usage entry (reference = the request) — both in one transaction.
   */
  async settle(requestId: string, accountId: string, usage: NewEntry | null, at: Date): Promise<AppendResult | null> {
    const run = (): Promise<AppendResult | null> =>
      this.db.transaction(async (em) => {
        // A retry of a settlement that committed (its acknowledgement lost, or two instances
        // draining the outbox): its entry is the result, nothing moves. Read inside the transaction,
        // so on SQLite it is final and a duplicate never reaches the unique index (see append).
        if (usage) {
          const winner = await em.getRepository(LedgerEntryEntity).findOneBy({ reference: usage.reference });
          if (winner) return { entry: winner, replayed: true };
        }
        const hold = await em.getRepository(CreditHoldEntity).findOne({ where: { requestId }, ...this.db.forUpdate });
        if (hold) {
          await em.delete(CreditHoldEntity, { requestId });
          await em
            .createQueryBuilder()
            .update(CreditBalanceEntity)
            .set({ heldMicros: () => `held_micros - ${Number(hold.amountMicros)}` })
            .where('account_id = :accountId', { accountId })
            .execute();
        }
        return usage ? { entry: await this.appendWithin(em, usage, at), replayed: false } : null;
      });
    if (!usage) return run();
    return this.exactlyOnce(usage.reference, run) as Promise<AppendResult>;
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
    return row;
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
    const row = await em.getRepository(CreditBalanceEntity).findOne({
      where: { accountId },
      ...this.db.forUpdate,
    });
    if (!row) throw new Error(`no balance row for account ${accountId}`);
    return row.balanceMicros;
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
   * Accounts whose held amount is not the sum of their hold rows. Briefly true while a hold is
   * being placed (on MySQL its two statements commit separately); lasting only if an instance
   * died between them, which leaves credits reserved that no sweep will release.
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
