import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { provideConfig } from '@vipcloud/platform';
import { notificationsConfig } from './notifications.config';
import { MailerService } from './mailer/mailer.service';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AccountsModule],
  providers: [provideConfig(notificationsConfig), MailerService, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
