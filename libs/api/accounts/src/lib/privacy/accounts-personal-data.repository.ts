import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';
import { SessionEntity } from '../entities/session.entity';

/** What accounts holds about a person, table by table, for the rights of access, export and erasure. */
@Injectable()
export class AccountsPersonalDataRepository {
  readonly profile: AccountRows<AccountEntity>;
  readonly identities: AccountRows<OAuthIdentityEntity>;
  readonly apiKeys: AccountRows<ApiKeyEntity>;
  readonly sessions: AccountRows<SessionEntity>;

  constructor(db: Database) {
    this.profile = new AccountRows(db, AccountEntity, { account: 'id', time: 'createdAt' });
    this.identities = new AccountRows(db, OAuthIdentityEntity, { account: 'accountId', time: 'createdAt' });
    this.apiKeys = new AccountRows(db, ApiKeyEntity, { account: 'accountId', time: 'createdAt' });
    this.sessions = new AccountRows(db, SessionEntity, { account: 'accountId', time: 'createdAt' });
  }
}
