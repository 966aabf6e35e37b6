import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { AccountEntity } from '../entities/account.entity';
import { SessionsService } from '../sessions/sessions.service';
import { AccountsService } from './accounts.service';

/** Suspending an account (support's decision, or an operator's command) and lifting it. */
@Injectable()
export class AccountSuspensionService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly keys: ApiKeysService,
  ) {}

  /** Its keys stop on every instance and its sessions end; returns the account and how many sessions ended. */
  async suspend(ref: string): Promise<{ account: AccountEntity; sessionsEnded: number }> {
    const account = await this.accounts.setStatus(ref, 'suspended');
    // Ended, not just hidden: reactivating later must not revive old (possibly stolen) sessions.
    const sessionsEnded = await this.sessions.endAll(account.id);
    // Every instance sharing this Redis refuses the account's keys now, not when its cache expires.
    await this.keys.forgetCachedKeys();
    return { account, sessionsEnded };
  }

  async reactivate(ref: string): Promise<AccountEntity> {
    const account = await this.accounts.setStatus(ref, 'active');
    await this.keys.forgetCachedKeys();
    return account;
  }
}
