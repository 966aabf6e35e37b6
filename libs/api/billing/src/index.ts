export { BillingModule, BILLING_ENTITIES } from './lib/billing.module';
export { LedgerService } from './lib/ledger/ledger.service';
export type { AdjustmentRequest, AppliedEntry } from './lib/ledger/ledger.service';
export type { Drift } from './lib/ledger/ledger.repository';
export type { LedgerEntryEntity, LedgerKind } from './lib/entities/ledger-entry.entity';
export { IdempotencyConflictError } from './lib/ledger/ledger.errors';
export { parseAmount, formatAmount, MICROS_PER_UNIT } from './lib/money';
