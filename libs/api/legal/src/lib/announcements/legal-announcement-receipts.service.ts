import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import type { LegalAnnouncementNotice } from './legal-announcement.ports';
import { AnnouncementKey, LegalAnnouncementsRepository } from './legal-announcements.repository';

/**
 * A sending lease older than this belongs to a job that died while sending (or an SMTP exchange that
 * hung): another job may send then. Above nodemailer's longest timeout (10 minutes of socket idle).
 */
const SENDING_LEASE_MS = 15 * 60_000;

/**
 * What the email job (notifications) reads and writes on an announcement's row. It takes the row's
 * sending lease before it sends — refused when the row was sent already or another job is sending
 * it — and records the sending after, so a row queued twice is sent once.
 */
@Injectable()
export class LegalAnnouncementReceipts {
  constructor(
    private readonly repository: LegalAnnouncementsRepository,
    private readonly clock: Clock,
  ) {}

  /** Whether this job may send the notice now (false: sent already, or being sent by another job). */
  beginSending(notice: LegalAnnouncementNotice): Promise<boolean> {
    const now = this.clock.now();
    return this.repository.beginSending(
      keyOf(notice),
      notice.accountId,
      now,
      new Date(now.getTime() - SENDING_LEASE_MS),
    );
  }

  /** The attempt failed (to be retried): its lease goes, so the retry can take it. */
  abandonSending(notice: LegalAnnouncementNotice): Promise<void> {
    return this.repository.abandonSending(keyOf(notice), notice.accountId);
  }

  /** Records that the email job is done with the notice: the mailer took it, or there was nothing to send. */
  markSent(notice: LegalAnnouncementNotice): Promise<void> {
    return this.repository.markSent(keyOf(notice), notice.accountId, this.clock.now());
  }
}

function keyOf(notice: LegalAnnouncementNotice): AnnouncementKey {
  return { document: notice.document, version: notice.version };
}
