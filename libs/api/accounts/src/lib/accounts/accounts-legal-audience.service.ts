import { Injectable } from '@nestjs/common';
import { LegalAudience } from '@vipcloud/legal';
import { AccountsRepository } from './accounts.repository';

/** Who the legal announcements go to: accounts owns the accounts, legal only asks (see LegalAudience). */
@Injectable()
export class AccountsLegalAudience extends LegalAudience {
  constructor(private readonly accounts: AccountsRepository) {
    super();
  }

  recipients(createdBefore: Date, afterId: string | null, limit: number): Promise<string[]> {
    return this.accounts.activeIdsCreatedBefore(createdBefore, afterId, limit);
  }
}
