import { Module } from '@nestjs/common';
import { LegalAnnouncementReceipts } from './announcements/legal-announcement-receipts.service';
import { LegalAnnouncementsRepository } from './announcements/legal-announcements.repository';

/** The announcements' rows as the email job sees them (see LegalAnnouncementReceipts): what notifications imports. */
@Module({
  providers: [LegalAnnouncementsRepository, LegalAnnouncementReceipts],
  exports: [LegalAnnouncementReceipts],
})
export class LegalAnnouncementReceiptsModule {}
