import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** The billing records of a person, for the rights of access and export (erasure pseudonymises them). */
@Injectable()
export class BillingPersonalDataRepository {
  readonly ledger: AccountRows<LedgerEntryEntity>;
  readonly purchases: AccountRows<PurchaseEntity>;

  constructor(db: Database) {
    this.ledger = new AccountRows(db, LedgerEntryEntity, { account: 'accountId', time: 'createdAt' });
    this.purchases = new AccountRows(db, PurchaseEntity, { account: 'accountId', time: 'createdAt' });
  }
}
