import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { In, IsNull } from 'typeorm';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';

export interface KeyWithAccount {
  key: ApiKeyEntity;
  account: AccountEntity;
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Database) {}

  private get keys() {
    return this.db.repository(ApiKeyEntity);
  }

  /**
   * Inserts the key only while the account holds fewer than `cap` usable keys. The count and the
   * insert run in one transaction with the account row locked first, so concurrent creates cannot
   * overshoot the cap.
   */
  async insertWithinCap(key: ApiKeyEntity, cap: number, now: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      await em.getRepository(AccountEntity).findOne({ where: { id: key.accountId }, ...this.db.forUpdate });
      const usable = await em
        .getRepository(ApiKeyEntity)
        .createQueryBuilder('k')
        .where('k.account_id = :accountId', { accountId: key.accountId })
        .andWhere('k.revoked_at IS NULL')
        .andWhere('(k.expires_at IS NULL OR k.expires_at > :now)', { now })
        .getCount();
      if (usable >= cap) return false;
      await em.getRepository(ApiKeyEntity).insert({ ...key });
      return true;
    });
  }

  /** One indexed lookup on the hash, then the owning account. */
  async findActiveByHash(keyHash: string): Promise<KeyWithAccount | null> {
    const key = await this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
    if (!key) return null;
    const account = await this.db.repository(AccountEntity).findOneBy({ id: key.accountId });
    return account ? { key, account } : null;
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.keys.findBy({ prefix });
  }

  namesOf(accountId: string, ids: readonly string[]): Promise<Array<Pick<ApiKeyEntity, 'id' | 'name'>>> {
    return this.keys.find({ select: { id: true, name: true }, where: { accountId, id: In([...ids]) } });
  }

  list(accountId?: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: accountId ? { accountId } : {}, order: { createdAt: 'ASC' } });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.write((em) => em.update(ApiKeyEntity, { id }, { name }));
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.db.write((em) => em.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: at }));
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.write((em) => em.update(ApiKeyEntity, { id }, { lastUsedAt: at }));
  }
}
