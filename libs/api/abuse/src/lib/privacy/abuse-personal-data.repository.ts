import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { AbuseSignalEntity } from '../entities/abuse-signal.entity';

/** The abuse signals about a person, for the rights of access, export and erasure. */
@Injectable()
export class AbusePersonalDataRepository {
  readonly signals: AccountRows<AbuseSignalEntity>;

  constructor(db: Database) {
    this.signals = new AccountRows(db, AbuseSignalEntity, { account: 'accountId', time: 'createdAt' });
  }
}
