import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { BillingModule } from './billing.module';
import {
  CreditsAdjustCommand,
  CreditsBalanceCommand,
  CreditsReconcileCommand,
  CreditsReleaseStaleHoldsCommand,
} from './ledger/credits.command';
import { PacksCreateCommand, PacksListCommand, PacksUpdateCommand } from './packs/credit-packs.command';
import { PaymentsBackfillCommand } from './payments/payments-backfill.command';
import { PurchasesListCommand, PurchasesRefundCommand } from './payments/purchases.command';
import { BillingPurgeExpiredCommand, BillingPurgeRequestDetailCommand } from './retention/billing-records.command';

export const BILLING_COMMANDS = [
  CreditsAdjustCommand,
  CreditsBalanceCommand,
  CreditsReleaseStaleHoldsCommand,
  CreditsReconcileCommand,
  PacksListCommand,
  PacksCreateCommand,
  PacksUpdateCommand,
  PurchasesListCommand,
  PurchasesRefundCommand,
  PaymentsBackfillCommand,
  BillingPurgeExpiredCommand,
  BillingPurgeRequestDetailCommand,
];

/** The operator commands of credits, packs, purchases, payment notifications and billing records (imported by the CLI role only). */
@Module({ imports: [BillingModule, AccountsModule], providers: BILLING_COMMANDS })
export class BillingCommandsModule {}
