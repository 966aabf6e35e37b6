import { Injectable, Logger } from '@nestjs/common';
import { RetentionTask, retentionJobName } from '@vipcloud/privacy';
import { BillingRecordsService } from './billing-records.service';

export const BILLING_RECORDS_RETENTION_KIND = 'billing.records';
export const SETTLEMENT_RECORDS_RETENTION_KIND = 'billing.settlement-records';
/** The jobs privacy's retention scheduler runs daily for them (a test or an operator may queue a run). */
export const PURGE_EXPIRED_JOB = retentionJobName(BILLING_RECORDS_RETENTION_KIND);
export const PURGE_REQUEST_DETAIL_JOB = retentionJobName(SETTLEMENT_RECORDS_RETENTION_KIND);

/** Billing records (purchases, payment notifications, a closed account's pseudonymised ledger) after 7 years. */
@Injectable()
export class BillingRecordsRetention extends RetentionTask {
  private readonly logger = new Logger('BillingRecords');
  readonly kind = BILLING_RECORDS_RETENTION_KIND;
  readonly rule = '7 years (purchases, payment notifications; a closed account’s ledger after its last entry)';

  constructor(private readonly records: BillingRecordsService) {
    super();
  }

  async purge(): Promise<number> {
    const purged = await this.records.purgeExpired();
    this.logger.log(
      `billing records past retention deleted: ${purged.purchases} purchases, ${purged.events} notifications, ${purged.closedAccounts} closed accounts`,
    );
    return purged.purchases + purged.events + purged.closedAccounts;
  }
}

/**
 * Billing's share of "no per-request detail outlives 30 days": settlement records (which request was
 * charged, when) 30 days after the charge, and any usage entry still named after a request folded
 * into its hourly aggregate. Both count as deleted: neither leaves a per-request record behind.
 */
@Injectable()
export class SettlementRecordsRetention extends RetentionTask {
  private readonly logger = new Logger('BillingRecords');
  readonly kind = SETTLEMENT_RECORDS_RETENTION_KIND;
  readonly rule = '30 days after the request was charged';

  constructor(private readonly records: BillingRecordsService) {
    super();
  }

  async purge(): Promise<number> {
    const r = await this.records.purgeRequestDetail();
    this.logger.log(
      `records of ${r.settlements} settlement(s) made over 30 days ago deleted, ${r.foldedUsage} per-request usage entr(ies) folded`,
    );
    return r.settlements + r.foldedUsage;
  }
}
