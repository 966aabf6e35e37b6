import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { CreditAlertEntity } from '../entities/credit-alert.entity';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PaymentEventEntity } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** Whole-table work on billing records: renaming an account's rows, deleting old ones. */
@Injectable()
export class BillingRecordsRepository {
  constructor(private readonly db: Database) {}

  /** Moves every billing row of an account to `pseudonym` in one transaction; alerts and holds go. */
  async renameAccount(accountId: string, pseudonym: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(CreditAlertEntity, { accountId });
      await em.delete(CreditHoldEntity, { accountId });
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
