import { Injectable } from '@nestjs/common';
import { AccountLookup } from '@vipcloud/privacy';
import { AccountsService } from './accounts.service';

/** Privacy's port (privacy sits below accounts): which account an address belongs to, and back. */
@Injectable()
export class AccountsPrivacyLookup extends AccountLookup {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async idByEmail(email: string): Promise<string | null> {
    return (await this.accounts.findByEmail(email))?.id ?? null;
  }

  /** One lookup per account: support's queue names a few dozen at most. */
  async emailsOf(accountIds: string[]): Promise<Map<string, string>> {
    const found = await Promise.all(accountIds.map((id) => this.accounts.findById(id)));
    return new Map(found.flatMap((a) => (a && a.email ? [[a.id, a.email] as [string, string]] : [])));
  }
}
