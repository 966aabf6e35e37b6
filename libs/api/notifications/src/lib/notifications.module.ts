import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { LegalAnnouncementMailer, LegalAnnouncementReceiptsModule, LegalDocumentsModule } from '@vipcloud/legal';
import { provideConfig } from '@vipcloud/platform';
import { notificationsConfig } from './notifications.config';
import { MailerService } from './mailer/mailer.service';
import { NotificationsLegalMailer } from './legal-announcement.mailer';
import { NotificationsService } from './notifications.service';
import { NotificationsPrivacyMailer } from './privacy.mailer';

@Module({
  imports: [AccountsModule, LegalDocumentsModule, LegalAnnouncementReceiptsModule],
  providers: [
    provideConfig(notificationsConfig),
    MailerService,
    NotificationsService,
    { provide: LegalAnnouncementMailer, useClass: NotificationsLegalMailer },
    // Found by privacy's PrivacyMailer delegate (privacy may not import this lib).
    NotificationsPrivacyMailer,
  ],
  exports: [NotificationsService, LegalAnnouncementMailer],
})
export class NotificationsModule {}
