export { BillingModule, BILLING_ENTITIES } from './lib/billing.module';
export { billingConfig } from './lib/billing.config';
export type { BillingConfig, PaddleSettings } from './lib/billing.config';
export { BillingCommandsModule, BILLING_COMMANDS } from './lib/billing-commands.module';
export { LedgerService } from './lib/ledger/ledger.service';
export type { AdjustmentRequest, AppliedEntry } from './lib/ledger/ledger.service';
export type { Drift, HeldDrift } from './lib/ledger/ledger.repository';
export type { LedgerEntryEntity, LedgerKind } from './lib/entities/ledger-entry.entity';
export { IdempotencyConflictError } from './lib/ledger/ledger.errors';
export { parseAmount, parseAmountInput, formatAmount, MICROS_PER_UNIT } from './lib/money';
export {
  CreditsService,
  InsufficientCreditsError,
  AccountInArrearsError,
  MIN_OUTPUT_TOKENS,
} from './lib/credits/credits.service';
export type { Hold, HoldRequest } from './lib/credits/credits.service';
export { CreditLeaseBook, leaseChunk, LEASE_MULTIPLE } from './lib/credits/credit-lease.book';
export {
  priceSnapshot,
  usageAggregateReference,
  usageAggregateReason,
  usagePeriod,
} from './lib/ledger/usage-aggregate';
export type { UsagePeriod } from './lib/ledger/usage-aggregate';
export { SettlementOutbox } from './lib/credits/settlement-outbox.store';
export type { PendingSettlement } from './lib/credits/settlement-outbox.store';
export { costMicros } from './lib/cost';
export type { Price, BillableUsage } from './lib/cost';
export { CreditPacksService, parsePrice, formatPrice } from './lib/packs/credit-packs.service';
export type { PackInput } from './lib/packs/credit-packs.service';
export { PaymentsService } from './lib/payments/payments.service';
export type { NotificationOutcome, Checkout } from './lib/payments/payments.service';
export { PaymentsBackfillService } from './lib/payments/payments-backfill.service';
export type { BackfillResult } from './lib/payments/payments-backfill.service';
export { PAYMENTS_BACKFILL_JOB } from './lib/jobs/billing-jobs.service';
export { PURGE_EXPIRED_JOB, PURGE_REQUEST_DETAIL_JOB } from './lib/retention/billing-records.retention';
export { PaymentProcessor } from './lib/payments/payment-processor';
export type {
  PaymentEvent,
  PaymentEventPage,
  CheckoutRequest,
  CheckoutSession,
} from './lib/payments/payment-processor';
export { signPaddleBody } from './lib/payments/paddle/paddle-signature';
export { PADDLE_CUSTOM_DATA } from './lib/payments/paddle/paddle-processor';
export {
  BillingRecordsService,
  BILLING_RETENTION_YEARS,
  SETTLEMENT_RECORD_RETENTION_DAYS,
} from './lib/retention/billing-records.service';
export { usagePeriodStart, usagePeriodKey, isUsageAggregateReference } from './lib/ledger/usage-aggregate';
