import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountEntity } from '../entities/account.entity';

@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(AccountEntity);
  }

  insert(account: AccountEntity): Promise<unknown> {
    return this.db.write((em) => em.insert(AccountEntity, account));
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.repo.findOneBy({ email });
  }

  async update(
    id: string,
    changes: Partial<Pick<AccountEntity, 'role' | 'status' | 'termsVersion' | 'termsAcceptedAt' | 'displayName'>>,
  ): Promise<void> {
    await this.db.write((em) => em.update(AccountEntity, { id }, changes));
  }

  /** Active accounts with an address, created before `createdBefore`, in id order after `afterId`. */
  async activeIdsCreatedBefore(createdBefore: Date, afterId: string | null, limit: number): Promise<string[]> {
    const query = this.db
      .selectBuilder(AccountEntity, 'a')
      .select('a.id', 'id')
      .where("a.status = 'active' AND a.email <> '' AND a.created_at < :createdBefore", { createdBefore });
    if (afterId !== null) query.andWhere('a.id > :afterId', { afterId });
    const rows = await query.orderBy('a.id', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  list(): Promise<AccountEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }
}
