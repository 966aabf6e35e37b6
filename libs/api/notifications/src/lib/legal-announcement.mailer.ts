import { Injectable } from '@nestjs/common';
import { LegalAnnouncementMailer, LegalAnnouncementNotice } from '@vipcloud/legal';
import { NotificationsService } from './notifications.service';

/** Legal's announcements leave as email through this lib's queue and templates (legal's port, see its module). */
@Injectable()
export class NotificationsLegalMailer extends LegalAnnouncementMailer {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  announce(notice: LegalAnnouncementNotice, round: number): Promise<void> {
    return this.notifications.legalChange(notice, round);
  }
}
