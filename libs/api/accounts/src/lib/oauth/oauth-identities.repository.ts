import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { IsNull, Not } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';

@Injectable()
export class OAuthIdentitiesRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(OAuthIdentityEntity);
  }

  findBySubject(provider: OAuthIdentityEntity['provider'], subject: string): Promise<OAuthIdentityEntity | null> {
    return this.repo.findOneBy({ provider, subject });
  }

  async insert(identity: OAuthIdentityEntity): Promise<void> {
    await this.db.write((em) => em.insert(OAuthIdentityEntity, { ...identity }));
  }

  /** A new account and its first identity, together or not at all. */
  async insertWithAccount(account: AccountEntity, identity: OAuthIdentityEntity): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.insert(AccountEntity, { ...account });
      await em.insert(OAuthIdentityEntity, { ...identity });
    });
  }

  async setRefreshToken(id: string, sealed: string): Promise<void> {
    await this.db.write((em) => em.update(OAuthIdentityEntity, { id }, { refreshTokenSealed: sealed }));
  }

  withRefreshTokens(): Promise<OAuthIdentityEntity[]> {
    return this.repo.findBy({ refreshTokenSealed: Not(IsNull()) });
  }

  /** The providers linked to an account: one indexed read of one column (no token leaves the table). */
  async providersOf(accountId: string): Promise<Array<OAuthIdentityEntity['provider']>> {
    const rows = await this.repo.find({ select: { provider: true }, where: { accountId } });
    return rows.map((r) => r.provider);
  }

  listForAccount(accountId: string): Promise<OAuthIdentityEntity[]> {
    return this.repo.findBy({ accountId });
  }
}
