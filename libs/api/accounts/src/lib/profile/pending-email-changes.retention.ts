import { Injectable } from '@nestjs/common';
import { RetentionTask } from '@vipcloud/privacy';
import { EmailChangeService } from './email-change.service';

/** A new email whose confirmation link expired unused is deleted: it has no use left. */
@Injectable()
export class PendingEmailChangesRetention extends RetentionTask {
  readonly kind = 'accounts.pending-email-changes';
  readonly rule = 'deleted when the confirmation link expires, 24 hours after the request';
  override readonly everyMs = 3600_000;

  constructor(private readonly emailChange: EmailChangeService) {
    super();
  }

  purge(): Promise<number> {
    return this.emailChange.purgeExpired();
  }
}
