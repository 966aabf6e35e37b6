import { Module } from '@nestjs/common';
import { AccountsModule } from '@vipcloud/accounts';
import { MailerService } from './mailer/mailer.service';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AccountsModule],
  providers: [MailerService, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
