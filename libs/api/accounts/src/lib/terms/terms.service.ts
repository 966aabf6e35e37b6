import { Injectable } from '@nestjs/common';
import { LegalDocumentsService } from '@vipcloud/legal';
import { Clock } from '@vipcloud/platform';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountEntity } from '../entities/account.entity';
import { TermsVersionNotCurrentError } from './terms.errors';

/** The account's acceptance of the Terms of Service, against the versions the legal manifest lists. */
@Injectable()
export class TermsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly legal: LegalDocumentsService,
    private readonly clock: Clock,
  ) {}

  /** The version sign-up must accept. */
  currentVersion(): string {
    return this.legal.currentTermsVersion();
  }

  /** Refuses anything but the current version: accepting an older text would record a consent it does not mean. */
  assertCurrent(version: string): void {
    const current = this.currentVersion();
    if (version !== current) throw new TermsVersionNotCurrentError(current);
  }

  /** Records that the account accepted the current version, now. */
  async accept(account: AccountEntity, version: string): Promise<AccountEntity> {
    this.assertCurrent(version);
    const termsAcceptedAt = this.clock.now();
    await this.accounts.update(account.id, { termsVersion: version, termsAcceptedAt });
    return { ...account, termsVersion: version, termsAcceptedAt };
  }
}
