import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { LegalAnnouncementMailer, LegalAnnouncementReceiptsModule, LegalDocumentsModule } from '@vipcloud/legal';
import { provideConfig } from '@vipcloud/platform';
import { notificationsConfig } from './notifications.config';
import { MailerService } from './mailer/mailer.service';
import { NotificationsLegalMailer } from './legal-announcement.mailer';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AccountsModule, LegalDocumentsModule, LegalAnnouncementReceiptsModule],
  providers: [
    provideConfig(notificationsConfig),
    MailerService,
    NotificationsService,
    { provide: LegalAnnouncementMailer, useClass: NotificationsLegalMailer },
  ],
  exports: [NotificationsService, LegalAnnouncementMailer],
})
export class NotificationsModule {}
