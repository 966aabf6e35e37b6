import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { inTransaction } from '@vipcloud/platform';
import { Not, IsNull, Repository } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';

@Injectable()
export class OAuthIdentitiesRepository {
  constructor(@InjectRepository(OAuthIdentityEntity) private readonly repo: Repository<OAuthIdentityEntity>) {}

  findBySubject(provider: OAuthIdentityEntity['provider'], subject: string): Promise<OAuthIdentityEntity | null> {
    return this.repo.findOneBy({ provider, subject });
  }

  async insert(identity: OAuthIdentityEntity): Promise<void> {
    await this.repo.insert({ ...identity });
  }

  /** A new account and its first identity, together or not at all. */
  async insertWithAccount(account: AccountEntity, identity: OAuthIdentityEntity): Promise<void> {
    await inTransaction(this.repo.manager.connection, async (em) => {
      await em.insert(AccountEntity, { ...account });
      await em.insert(OAuthIdentityEntity, { ...identity });
    });
  }

  async setRefreshToken(id: string, sealed: string): Promise<void> {
    await this.repo.update({ id }, { refreshTokenSealed: sealed });
  }

  withRefreshTokens(): Promise<OAuthIdentityEntity[]> {
    return this.repo.findBy({ refreshTokenSealed: Not(IsNull()) });
  }

  listForAccount(accountId: string): Promise<OAuthIdentityEntity[]> {
    return this.repo.findBy({ accountId });
  }
}
