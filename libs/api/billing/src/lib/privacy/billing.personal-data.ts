import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PurchaseEntity } from '../entities/purchase.entity';
import { BillingRecordsService } from '../retention/billing-records.service';
import { BillingPersonalDataRepository } from './billing-personal-data.repository';

/**
 * Billing records are kept seven years for tax, so erasing an account does not delete them: it
 * replaces the account id on every one of them by a pseudonym (`pseudonymiseAccount`), which
 * leaves every sum as it was and no record pointing at a person. They run before the account's
 * profile row goes (eraseOrder 10 < 100).
 */
const BILLING_ERASE_ORDER = 10;

/** Who made a ledger entry, without naming the operator (another person) who did. */
function actorKind(actor: string): string {
  return actor.split(':')[0];
}

/** The credit ledger: every purchase, usage aggregate, refund and adjustment, with the balance after. */
@Injectable()
export class LedgerPersonalData extends TablePersonalDataSource<LedgerEntryEntity> {
  readonly kind = 'billing.ledger';
  readonly category = 'billing';
  override readonly eraseOrder = BILLING_ERASE_ORDER;

  constructor(
    repository: BillingPersonalDataRepository,
    private readonly records: BillingRecordsService,
  ) {
    super(repository.ledger, {
      name: 'ledger.csv',
      format: 'csv',
      description:
        'Your credit ledger: each purchase, refund, adjustment and hour of usage per model, its amount and the ' +
        'balance after it in micro-USD (1 USD = 1,000,000), the reason, the price applied (usage) and who made ' +
        'it (system, operator, processor).',
    });
  }

  protected toRow(e: LedgerEntryEntity): PersonalDataRow {
    return {
      id: e.id,
      createdAt: isoTime(e.createdAt),
      kind: e.kind,
      amountMicros: e.amountMicros,
      balanceAfterMicros: e.balanceAfterMicros,
      reason: e.reason,
      priceSnapshot: e.priceSnapshot ?? null,
      actor: actorKind(e.actor),
    };
  }

  /** Pseudonymises every billing record of the account (ledger, purchases, balance) in one transaction. */
  override async erase(accountId: string): Promise<number> {
    const held = await this.rows.count(accountId);
    await this.records.pseudonymiseAccount(accountId);
    return held;
  }

  /** Not while a request of the account is still to be charged (see BillingRecordsService.settlementsInFlight). */
  override erasureBlockedBy(accountId: string): Promise<string | null> {
    return this.records.settlementsInFlight(accountId);
  }
}

/** Purchases of credit packs: what was bought, charged, taxed and refunded. */
@Injectable()
export class PurchasesPersonalData extends TablePersonalDataSource<PurchaseEntity> {
  readonly kind = 'billing.purchases';
  readonly category = 'billing';
  override readonly eraseOrder = BILLING_ERASE_ORDER;

  constructor(
    repository: BillingPersonalDataRepository,
    private readonly records: BillingRecordsService,
  ) {
    super(repository.purchases, {
      name: 'purchases.csv',
      format: 'csv',
      description:
        'Your purchases of credit packs: the pack, its credits (micro-USD), the price, the amount charged, tax and ' +
        'refunds (in the currency’s minor unit, e.g. cents), the payment processor and its transaction id, ' +
        'the status and when it was started, completed or a refund was asked for.',
    });
  }

  protected toRow(p: PurchaseEntity): PersonalDataRow {
    return {
      id: p.id,
      createdAt: isoTime(p.createdAt),
      packName: p.packName,
      creditsMicros: p.creditsMicros,
      amountMinor: p.amountMinor,
      currency: p.currency,
      paidMinor: p.paidMinor,
      taxMinor: p.taxMinor,
      refundedMinor: p.refundedMinor,
      creditsReversedMicros: p.creditsReversedMicros,
      processor: p.processor,
      processorTransactionId: p.processorTransactionId,
      status: p.status,
      completedAt: isoTime(p.completedAt),
      refundRequestedAt: isoTime(p.refundRequestedAt),
    };
  }

  /**
   * The ledger's source (same order, sorted before this one by kind) has usually pseudonymised these
   * already; a purchase started since is pseudonymised here, so the erasure leaves none behind.
   */
  override async erase(accountId: string): Promise<number> {
    const held = await this.rows.count(accountId);
    if (held > 0) await this.records.pseudonymiseAccount(accountId);
    return held;
  }
}

/** Billing's sources, for its module's providers. */
export const BILLING_PERSONAL_DATA = [BillingPersonalDataRepository, LedgerPersonalData, PurchasesPersonalData];
