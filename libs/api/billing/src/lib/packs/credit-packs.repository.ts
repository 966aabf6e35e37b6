import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { serialisedWrite } from '@vipcloud/platform';
import { DataSource } from 'typeorm';
import { CreditPackEntity } from '../entities/credit-pack.entity';

@Injectable()
export class CreditPacksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(CreditPackEntity);
  }

  list(onlyActive: boolean): Promise<CreditPackEntity[]> {
    return this.repo.find({ where: onlyActive ? { active: true } : {}, order: { sortOrder: 'ASC', priceMinor: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<CreditPackEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async insert(pack: CreditPackEntity): Promise<void> {
    await serialisedWrite(this.db, (em) => em.insert(CreditPackEntity, pack));
  }

  async update(id: string, changes: Partial<CreditPackEntity>): Promise<void> {
    await serialisedWrite(this.db, (em) => em.update(CreditPackEntity, { id }, changes));
  }
}
