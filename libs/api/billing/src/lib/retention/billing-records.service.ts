import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { SettlementOutbox } from '../credits/settlement-outbox.store';
import { PaymentEventEntity } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';
import { LedgerRepository } from '../ledger/ledger.repository';
import { BillingRecordsRepository } from './billing-records.repository';

/** Billing records are kept for seven years for tax (privacy policy §5). */
export const BILLING_RETENTION_YEARS = 7;
/**
 * Settlement records (a request id, its account, when it was charged) are per-request metadata,
 * deleted after 30 days like the request's metadata row. They make settlement exactly once, which
 * needs them only while a retry of the same settlement may still arrive: minutes, not weeks.
 */
export const SETTLEMENT_RECORD_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600_000;
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
    private readonly records: BillingRecordsRepository,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    private readonly outbox: SettlementOutbox,
  ) {}

  /**
   * What of the account's requests is still to be charged: its credit holds (a request running on some
   * instance, or a lease an instance has not given back yet) and settlements waiting in the outbox. Null
   * when nothing is. Pseudonymising before they land would let them bring back a balance row and a
   * usage entry under the account's own id.
   */
  async settlementsInFlight(accountId: string): Promise<string | null> {
    const [holds, pending] = await Promise.all([
      this.records.holdsOf(accountId),
      this.outbox.all().then((all) => [...all.values()].filter((s) => s.accountId === accountId).length),
    ]);
    if (holds === 0 && pending === 0) return null;
    return `${holds} credit hold(s) and ${pending} settlement(s) not yet charged`;
  }

  /**
   * Replaces the account id on every billing row with one new random pseudonym, in one
   * transaction. Alerts and holds (not billing records) are deleted. Returns the pseudonym.
   */
  async pseudonymiseAccount(accountId: string): Promise<string> {
    const pseudonym = `${PSEUDONYM_PREFIX}${randomUUID().slice(2)}`;
    await this.records.renameAccount(accountId, pseudonym);
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
    const purchases = await this.records.deleteOlderThan(PurchaseEntity, cutoff);
    const events = await this.records.deleteOlderThan(PaymentEventEntity, cutoff);
    const closed = await this.records.closedAccountsOlderThan(PSEUDONYM_PREFIX, cutoff);
    for (const accountId of closed) await this.records.deleteAccountLedger(accountId);
    return { purchases, events, closedAccounts: closed.length };
  }

  /**
   * Billing's share of "no per-request detail outlives 30 days": folds usage entries still named
   * after a request into their hourly aggregates, and deletes the records of settlements made more
   * than 30 days ago.
   */
  async purgeRequestDetail(): Promise<{ settlements: number; foldedUsage: number }> {
    const foldedUsage = await this.foldPerRequestUsage();
    const settlements = await this.records.deleteSettlementsBefore(this.settlementRecordCutoff());
    return { settlements, foldedUsage };
  }

  /**
   * Folds usage entries still named after a request into their hourly aggregates (balances do not
   * move). The migration to aggregates folded all there were; these are the few an instance of the
   * earlier version wrote while a new one was already running (a rolling deploy). Returns how many.
   */
  async foldPerRequestUsage(): Promise<number> {
    const recordSince = this.settlementRecordCutoff();
    let total = 0;
    for (;;) {
      const accounts = await this.records.accountsWithPerRequestUsage();
      if (accounts.length === 0) break;
      let folded = 0;
      for (const accountId of accounts) {
        let n: number;
        do {
          n = await this.records.foldPerRequestUsage(accountId, recordSince);
          folded += n;
        } while (n > 0);
      }
      total += folded;
      // Listed yet nothing folded: left to the next run rather than looping here.
      if (folded === 0) break;
    }
    if (total > 0) this.logger.warn(`${total} per-request usage entr(ies) folded into hourly aggregates`);
    return total;
  }

  private settlementRecordCutoff(): Date {
    return new Date(this.clock.nowMs() - SETTLEMENT_RECORD_RETENTION_DAYS * DAY_MS);
  }
}
