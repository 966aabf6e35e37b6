import { Injectable } from '@nestjs/common';
import { PrivacyMailer } from '@vipcloud/privacy';
import { NotificationsService } from './notifications.service';

/** Privacy's emails leave through this lib's queue and templates (privacy's port: it may not import this lib). */
@Injectable()
export class NotificationsPrivacyMailer extends PrivacyMailer {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  exportReady(accountId: string, exportId: string, expiresAt: Date): Promise<void> {
    return this.notifications.exportReady(accountId, exportId, expiresAt);
  }

  confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void> {
    return this.notifications.confirmEmailChange(accountId, newEmail, confirmUrl);
  }

  accountClosing(accountId: string, deleteAfter: Date): Promise<void> {
    return this.notifications.accountClosing(accountId, deleteAfter);
  }
}
