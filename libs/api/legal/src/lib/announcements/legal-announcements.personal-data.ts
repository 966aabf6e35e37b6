import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { LegalAnnouncementEntity } from './legal-announcement.entity';
import { LegalAnnouncementsPersonalDataRepository } from './legal-announcements-personal-data.repository';

/**
 * Which new versions of the Terms and the privacy policy the account was emailed about: shown with
 * the consent records (they go with the Terms acceptance), exported, and deleted with the account.
 */
@Injectable()
export class LegalAnnouncementsPersonalData extends TablePersonalDataSource<LegalAnnouncementEntity> {
  readonly kind = 'legal.announcements';
  readonly category = 'consents';

  constructor(repository: LegalAnnouncementsPersonalDataRepository) {
    super(repository.announcements, {
      name: 'legal-announcements.csv',
      format: 'csv',
      description: 'The new versions of our Terms and privacy policy we emailed you about, and when.',
    });
  }

  protected toRow(a: LegalAnnouncementEntity): PersonalDataRow {
    return { document: a.document, version: a.version, sentAt: isoTime(a.sentAt) };
  }
}
