import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { ProfileChangeEntity } from '../entities/profile-change.entity';

/** The Correct right's records about a person, for the rights of access, export and erasure. */
@Injectable()
export class ProfilePersonalDataRepository {
  readonly changes: AccountRows<ProfileChangeEntity>;
  readonly pendingEmail: AccountRows<PendingEmailChangeEntity>;

  constructor(db: Database) {
    this.changes = new AccountRows(db, ProfileChangeEntity, { account: 'accountId', time: 'changedAt' });
    this.pendingEmail = new AccountRows(db, PendingEmailChangeEntity, { account: 'accountId', time: 'requestedAt' });
  }
}
