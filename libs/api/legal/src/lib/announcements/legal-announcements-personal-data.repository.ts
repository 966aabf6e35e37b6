import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { LegalAnnouncementEntity } from './legal-announcement.entity';

/** The announcements sent to a person, for the rights of access, export and erasure. */
@Injectable()
export class LegalAnnouncementsPersonalDataRepository {
  readonly announcements: AccountRows<LegalAnnouncementEntity>;

  constructor(db: Database) {
    this.announcements = new AccountRows(db, LegalAnnouncementEntity, { account: 'accountId', time: 'claimedAt' });
  }
}
