import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreditBalanceEntity } from './entities/credit-balance.entity';
import { CreditHoldEntity } from './entities/credit-hold.entity';
import { CreditsService } from './credits/credits.service';
import { BillingJobsService } from './jobs/billing-jobs.service';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';

export const BILLING_ENTITIES = [CreditBalanceEntity, LedgerEntryEntity, CreditHoldEntity];

@Module({
  imports: [TypeOrmModule.forFeature(BILLING_ENTITIES)],
  providers: [LedgerRepository, LedgerService, CreditsService, BillingJobsService],
  exports: [LedgerService, CreditsService],
})
export class BillingModule {}
