import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@vipcloud/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';

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

function isDuplicate(err: unknown): boolean {
  const code = (err as { driverError?: { code?: string } })?.driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByReference(reference: string): Promise<LedgerEntryEntity | null> {
    return this.db.getRepository(LedgerEntryEntity).findOneBy({ reference });
  }

  /**
   * Applies one entry exactly once: the balance row is locked, moved and the entry inserted in a
   * single transaction; the unique reference makes a concurrent or replayed duplicate roll back
   * and return the entry that won.
   */
  async append(entry: Omit<LedgerEntryEntity, 'balanceAfterMicros' | 'seq'>, at: Date): Promise<AppendResult> {
    const existing = await this.findByReference(entry.reference);
    if (existing) return { entry: existing, replayed: true };
    try {
      // Created outside the transaction: two transactions inserting the same new row deadlock.
      await this.db.createQueryBuilder().insert().into(CreditBalanceEntity).values({ accountId: entry.accountId, balanceMicros: 0, updatedAt: at }).orIgnore().execute();
      const stored = await inTransaction(this.db, async (em) => {
        const balance = await this.lockBalance(em, entry.accountId);
        const after = balance + entry.amountMicros;
        if (!Number.isSafeInteger(after)) throw new RangeError('balance out of range');
        await em.update(CreditBalanceEntity, { accountId: entry.accountId }, { balanceMicros: after, updatedAt: at });
        const row = Object.assign(new LedgerEntryEntity(), entry, { balanceAfterMicros: after });
        await em.insert(LedgerEntryEntity, { ...row });
        return row;
      });
      return { entry: stored, replayed: false };
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const winner = await this.findByReference(entry.reference);
      if (!winner) throw err;
      return { entry: winner, replayed: true };
    }
  }

  /** Holds the balance row's write lock for the rest of the transaction (SQLite: transactions are serial). */
  private async lockBalance(em: EntityManager, accountId: string): Promise<number> {
    const sqlite = em.connection.options.type === 'better-sqlite3';
    const row = await em.getRepository(CreditBalanceEntity).findOne({
      where: { accountId },
      ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
    return (row as CreditBalanceEntity).balanceMicros;
  }

  async balance(accountId: string): Promise<number> {
    const row = await this.db.getRepository(CreditBalanceEntity).findOneBy({ accountId });
    return row?.balanceMicros ?? 0;
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async entries(accountId: string, limit: number, before?: string): Promise<LedgerEntryEntity[]> {
    const qb = this.db.getRepository(LedgerEntryEntity).createQueryBuilder('e').where('e.account_id = :accountId', { accountId });
    if (before) {
      const cursor = await this.db.getRepository(LedgerEntryEntity).findOneBy({ id: before, accountId });
      if (cursor) qb.andWhere('e.seq < :seq', { seq: cursor.seq });
    }
    // seq is the order entries were applied in; timestamps can tie.
    return qb.orderBy('e.seq', 'DESC').limit(limit).getMany();
  }

  /** Accounts whose balance is not the sum of their ledger entries (should be none, ever). */
  async drift(): Promise<Drift[]> {
    const rows: Array<{ account_id: string; balance: string | number; total: string | number | null }> = await this.db.query(
      `SELECT b.account_id AS account_id, b.balance_micros AS balance, (SELECT SUM(e.amount_micros) FROM ledger_entries e WHERE e.account_id = b.account_id) AS total
       FROM credit_balances b`,
    );
    return rows
      .map((r) => ({ accountId: r.account_id, balanceMicros: Number(r.balance), ledgerSumMicros: Number(r.total ?? 0) }))
      .filter((d) => d.balanceMicros !== d.ledgerSumMicros);
  }
}
