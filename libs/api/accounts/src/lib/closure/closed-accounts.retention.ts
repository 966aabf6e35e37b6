import { Injectable } from '@nestjs/common';
import { RetentionTask } from '@vipcloud/privacy';
import { AccountClosureService } from './account-closure.service';

/**
 * Closed accounts past their 30-day grace period are erased: profile, identities and their
 * encrypted tokens, sessions, keys, request metadata and the rest, through every lib's personal
 * data source; billing records stay, pseudonymised.
 */
@Injectable()
export class ClosedAccountsRetention extends RetentionTask {
  readonly kind = 'accounts.closed-accounts';
  readonly rule = 'erased 30 days after the account is closed (billing records kept, pseudonymised)';
  // Hourly, so an account goes within the hour after its grace period ends.
  override readonly everyMs = 3600_000;

  constructor(private readonly closure: AccountClosureService) {
    super();
  }

  purge(): Promise<number> {
    return this.closure.eraseDue();
  }
}
