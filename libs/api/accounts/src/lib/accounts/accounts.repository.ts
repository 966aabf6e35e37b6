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

  async update(id: string, changes: Partial<Pick<AccountEntity, 'role' | 'status'>>): Promise<void> {
    await this.db.write((em) => em.update(AccountEntity, { id }, changes));
  }

  list(): Promise<AccountEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }
}
