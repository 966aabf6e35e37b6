import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { CreditPackEntity } from '../entities/credit-pack.entity';

@Injectable()
export class CreditPacksRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(CreditPackEntity);
  }

  list(onlyActive: boolean): Promise<CreditPackEntity[]> {
    return this.repo.find({
      where: onlyActive ? { active: true } : {},
      order: { sortOrder: 'ASC', priceMinor: 'ASC', id: 'ASC' },
    });
  }

  findById(id: string): Promise<CreditPackEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async insert(pack: CreditPackEntity): Promise<void> {
    await this.db.write((em) => em.insert(CreditPackEntity, pack));
  }

  async update(id: string, changes: Partial<CreditPackEntity>): Promise<void> {
    await this.db.write((em) => em.update(CreditPackEntity, { id }, changes));
  }
}
