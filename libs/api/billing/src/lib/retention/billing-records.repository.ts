import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import type { ObjectLiteral } from 'typeorm';
import { CreditAlertEntity } from '../entities/credit-alert.entity';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PaymentEventEntity } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** The settlement records' table, by name: its entity belongs to the credits code. */
const CREDIT_SETTLEMENTS = 'credit_settlements';

/** Whole-table work on billing records: renaming an account's rows, deleting old ones. */
@Injectable()
export class BillingRecordsRepository {
  constructor(private readonly db: Database) {}

  /** Moves every billing row of an account to `pseudonym` in one transaction; alerts and holds go. */
  async renameAccount(accountId: string, pseudonym: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(CreditAlertEntity, { accountId });
      await em.delete(CreditHoldEntity, { accountId });
      // Usage aggregates name their account in their reference (`usage:<account>:<hour>:<hash>`):
      // renamed too, or the kept records would still point at the person.
      const prefix = `usage:${accountId}:`;
      await em
        .createQueryBuilder()
        .update(LedgerEntryEntity)
        .set({ reference: () => `REPLACE(reference, :prefix, :renamed)` })
        .where('account_id = :accountId AND reference LIKE :like', { accountId, like: `${prefix}%` })
        .setParameters({ prefix, renamed: `usage:${pseudonym}:` })
        .execute();
      for (const entity of [LedgerEntryEntity, PurchaseEntity, CreditBalanceEntity]) {
        await em
          .createQueryBuilder()
          .update(entity)
          .set({ accountId: pseudonym })
          .where('account_id = :accountId', { accountId })
          .execute();
      }
      await em.update(CreditBalanceEntity, { accountId: pseudonym }, { heldMicros: 0 });
    });
  }

  /**
   * Deletes rows older than `cutoff` in small batches, each its own short transaction, so
   * checkouts and notifications keep flowing while years of records go.
   */
  async deleteOlderThan(
    entity: typeof PurchaseEntity | typeof PaymentEventEntity,
    cutoff: Date,
    batch = 500,
  ): Promise<number> {
    const [key, time] = entity === PurchaseEntity ? ['id', 'created_at'] : ['event_id', 'received_at'];
    let total = 0;
    for (;;) {
      const rows = await this.db
        .selectBuilder<PurchaseEntity | PaymentEventEntity>(entity, 't')
        .select(`t.${key}`, 'k')
        .where(`t.${time} < :cutoff`, { cutoff })
        .limit(batch)
        .getRawMany<Record<string, string>>();
      if (rows.length === 0) return total;
      const ids = rows.map((r) => r['k']);
      const result = await this.db.transaction((em) =>
        em.createQueryBuilder().delete().from(entity).where(`${key} IN (:...ids)`, { ids }).execute(),
      );
      total += result.affected ?? ids.length;
      if (rows.length < batch) return total;
    }
  }

  /**
   * Deletes the settlement records (which request ids were charged, and when) settled before
   * `cutoff`, in small batches like the other purges: they are per-request metadata, kept only as
   * long as a retried settlement may still arrive and the request's metadata row is kept.
   */
  async deleteSettlementsBefore(cutoff: Date, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db
        .selectBuilder<ObjectLiteral>(CREDIT_SETTLEMENTS, 's')
        .select('s.request_id', 'id')
        .where('s.settled_at < :cutoff', { cutoff })
        .limit(batch)
        .getRawMany<{ id: string }>();
      if (rows.length === 0) return total;
      const ids = rows.map((r) => r.id);
      const result = await this.db.write((em) =>
        em
          .createQueryBuilder()
          .delete()
          .from(CREDIT_SETTLEMENTS)
          .where('request_id IN (:...ids) AND settled_at < :cutoff', { ids, cutoff })
          .execute(),
      );
      const deleted = result.affected ?? ids.length;
      total += deleted;
      if (rows.length < batch || deleted === 0) return total;
    }
  }

  /** Pseudonymised accounts whose newest ledger entry is older than `cutoff`. */
  async closedAccountsOlderThan(prefix: string, cutoff: Date): Promise<string[]> {
    const rows = await this.db
      .selectBuilder(LedgerEntryEntity, 'e')
      .select('e.account_id', 'account_id')
      .where('e.account_id LIKE :p', { p: `${prefix}%` })
      .groupBy('e.account_id')
      .having('MAX(e.created_at) < :cutoff', { cutoff })
      .getRawMany<{ account_id: string }>();
    return rows.map((r) => r.account_id);
  }

  /** The whole history of a closed account at once, so what stays still sums to its balance. */
  async deleteAccountLedger(accountId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(LedgerEntryEntity, { accountId });
      await em.delete(CreditBalanceEntity, { accountId });
    });
  }
}
