import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';

export interface KeyWithAccount {
  key: ApiKeyEntity;
  account: AccountEntity;
}

@Injectable()
export class ApiKeysRepository {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  insert(key: ApiKeyEntity): Promise<unknown> {
    return this.keys.insert(key);
  }

  /** One indexed lookup on the hash, then the owning account. */
  async findActiveByHash(keyHash: string): Promise<KeyWithAccount | null> {
    const key = await this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
    if (!key) return null;
    const account = await this.accounts.findOneBy({ id: key.accountId });
    return account ? { key, account } : null;
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.keys.findBy({ prefix });
  }

  list(accountId?: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: accountId ? { accountId } : {}, order: { createdAt: 'ASC' } });
  }

  /** Keys that still work: not revoked and not expired at `now`. */
  countUsable(accountId: string, now: Date): Promise<number> {
    return this.keys
      .createQueryBuilder('k')
      .where('k.account_id = :accountId', { accountId })
      .andWhere('k.revoked_at IS NULL')
      .andWhere('(k.expires_at IS NULL OR k.expires_at > :now)', { now })
      .getCount();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.keys.update({ id }, { name });
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}
