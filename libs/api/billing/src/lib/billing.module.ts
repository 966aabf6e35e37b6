import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreditBalanceEntity } from './entities/credit-balance.entity';
import { LedgerEntryEntity } from './entities/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';

export const BILLING_ENTITIES = [CreditBalanceEntity, LedgerEntryEntity];

@Module({
  imports: [TypeOrmModule.forFeature(BILLING_ENTITIES)],
  providers: [LedgerRepository, LedgerService],
  exports: [LedgerService],
})
export class BillingModule {}
