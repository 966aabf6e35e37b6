import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, inTransaction } from '@vipcloud/platform';
import { DataSource } from 'typeorm';
import { LedgerRepository } from '../ledger/ledger.repository';
import { CreditAlertEntity } from '../entities/credit-alert.entity';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PaymentEventEntity } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** Billing records are kept for seven years for tax (privacy policy §5). */
export const BILLING_RETENTION_YEARS = 7;
/** Pseudonyms stand where an account id stood; they look like ids but belong to no account. */
export const PSEUDONYM_PREFIX = 'p-';

/**
 * What happens to billing records when their account goes and when they grow old: they outlive
 * the account under a pseudonym (the records stay linked to each other, no longer to a person),
 * and they are deleted once the retention period has passed.
 */
@Injectable()
export class BillingRecordsService {
  private readonly logger = new Logger('BillingRecords');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Replaces the account id on every billing row with one new random pseudonym, in one
   * transaction. Alerts and holds (not billing records) are deleted. Returns the pseudonym.
   */
  async pseudonymiseAccount(accountId: string): Promise<string> {
    const pseudonym = `${PSEUDONYM_PREFIX}${randomUUID().slice(2)}`;
    await inTransaction(this.db, async (em) => {
      await em.delete(CreditAlertEntity, { accountId });
      await em.delete(CreditHoldEntity, { accountId });
      for (const entity of [LedgerEntryEntity, PurchaseEntity, CreditBalanceEntity]) {
        await em.createQueryBuilder().update(entity).set({ accountId: pseudonym }).where('account_id = :accountId', { accountId }).execute();
      }
      await em.update(CreditBalanceEntity, { accountId: pseudonym }, { heldMicros: 0 });
    });
    this.ledger.forgetBalanceRow(accountId);
    this.logger.log(`billing records of ${accountId} pseudonymised`);
    return pseudonym;
  }

  /**
   * Deletes billing records past retention: purchases and notifications older than seven years,
   * and every record of a pseudonymised (closed) account whose last entry is that old. A live
   * account's ledger is its balance's history and stays while the account does.
   */
  async purgeExpired(): Promise<{ purchases: number; events: number; closedAccounts: number }> {
    const cutoff = new Date(this.clock.nowMs());
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - BILLING_RETENTION_YEARS);
    // Small batches, each its own short transaction: checkouts and notifications keep flowing
    // while years of records are deleted (one big DELETE would lock both tables for its length).
    const purchases = await this.inBatches(PurchaseEntity, 'id', 'created_at', cutoff);
    const events = await this.inBatches(PaymentEventEntity, 'event_id', 'received_at', cutoff);
    const stale: Array<{ account_id: string }> = await this.db
      .createQueryBuilder()
      .select('e.account_id', 'account_id')
      .from(LedgerEntryEntity, 'e')
      .where('e.account_id LIKE :p', { p: `${PSEUDONYM_PREFIX}%` })
      .groupBy('e.account_id')
      .having('MAX(e.created_at) < :cutoff', { cutoff })
      .getRawMany();
    for (const { account_id } of stale) {
      // The whole history of a closed account goes at once, so what stays still sums to its balance.
      await inTransaction(this.db, async (em) => {
        await em.delete(LedgerEntryEntity, { accountId: account_id });
        await em.delete(CreditBalanceEntity, { accountId: account_id });
      });
    }
    return { purchases, events, closedAccounts: stale.length };
  }

  private async inBatches(entity: typeof PurchaseEntity | typeof PaymentEventEntity, key: string, time: string, cutoff: Date, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: Array<Record<string, string>> = await this.db.createQueryBuilder().select(`t.${key}`, 'k').from(entity, 't').where(`t.${time} < :cutoff`, { cutoff }).limit(batch).getRawMany();
      if (rows.length === 0) return total;
      const ids = rows.map((r) => r['k']);
      const result = await inTransaction(this.db, (em) => em.createQueryBuilder().delete().from(entity).where(`${key} IN (:...ids)`, { ids }).execute());
      total += result.affected ?? ids.length;
      if (rows.length < batch) return total;
    }
  }
}
