import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { NotificationsModule } from '@vipcloud/notifications';
import { provideConfig } from '@vipcloud/platform';
import { BillingConfig, billingConfig } from './billing.config';
import { CreditAlertsRepository } from './alerts/credit-alerts.repository';
import { LowBalanceService } from './alerts/low-balance.service';
import { CreditsService } from './credits/credits.service';
import { SettlementOutbox } from './credits/settlement-outbox.store';
import { CreditAlertEntity } from './entities/credit-alert.entity';
import { CreditBalanceEntity } from './entities/credit-balance.entity';
import { CreditHoldEntity } from './entities/credit-hold.entity';
import { CreditPackEntity } from './entities/credit-pack.entity';
import { CreditSettlementEntity } from './entities/credit-settlement.entity';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { PaymentCursorEntity } from './entities/payment-cursor.entity';
import { PaymentEventEntity } from './entities/payment-event.entity';
import { PurchaseEntity } from './entities/purchase.entity';
import { BillingAdminResolver } from './graphql/billing-admin.resolver';
import { BillingResolver } from './graphql/billing.resolver';
import { BillingJobsService } from './jobs/billing-jobs.service';
import { BillingRecordsRetention, SettlementRecordsRetention } from './retention/billing-records.retention';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';
import { CreditPacksRepository } from './packs/credit-packs.repository';
import { CreditPacksService } from './packs/credit-packs.service';
import { PaddleProcessor } from './payments/paddle/paddle-processor';
import { PaddleWebhookController } from './payments/paddle-webhook.controller';
import { PaymentProcessor } from './payments/payment-processor';
import { PaymentsBackfillService } from './payments/payments-backfill.service';
import { PaymentsRepository } from './payments/payments.repository';
import { PaymentsService } from './payments/payments.service';
import { BILLING_PERSONAL_DATA } from './privacy/billing.personal-data';
import { BillingRecordsRepository } from './retention/billing-records.repository';
import { BillingRecordsService } from './retention/billing-records.service';

export const BILLING_ENTITIES = [
  CreditBalanceEntity,
  LedgerEntryEntity,
  CreditHoldEntity,
  CreditSettlementEntity,
  CreditPackEntity,
  PurchaseEntity,
  PaymentEventEntity,
  PaymentCursorEntity,
  CreditAlertEntity,
];

/** Without Paddle settings the processor can neither charge nor verify: checkout answers 503. */
const NO_PADDLE = {
  apiKey: null,
  environment: 'sandbox' as const,
  apiUrl: null,
  webhookSecrets: [],
  webhookToleranceSeconds: 300,
};

@Module({
  imports: [AccountsModule, NotificationsModule],
  controllers: [PaddleWebhookController],
  providers: [
    provideConfig(billingConfig),
    LedgerRepository,
    LedgerService,
    CreditsService,
    SettlementOutbox,
    BillingJobsService,
    BillingRecordsRetention,
    SettlementRecordsRetention,
    CreditPacksRepository,
    CreditPacksService,
    PaymentsRepository,
    PaymentsService,
    PaymentsBackfillService,
    CreditAlertsRepository,
    LowBalanceService,
    BillingRecordsRepository,
    BillingRecordsService,
    BillingResolver,
    BillingAdminResolver,
    ...BILLING_PERSONAL_DATA,
    {
      provide: PaymentProcessor,
      useFactory: (config: BillingConfig) => new PaddleProcessor(config.paddle ?? NO_PADDLE),
      inject: [billingConfig.token],
    },
  ],
  exports: [
    LedgerService,
    CreditsService,
    SettlementOutbox,
    CreditPacksService,
    PaymentsService,
    PaymentsBackfillService,
    BillingRecordsService,
  ],
})
export class BillingModule {}
