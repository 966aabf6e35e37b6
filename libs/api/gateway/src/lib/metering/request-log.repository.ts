import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestLogEntity } from './request-log.entity';

@Injectable()
export class RequestLogRepository {
  constructor(@InjectRepository(RequestLogEntity) private readonly repo: Repository<RequestLogEntity>) {}

  async insertMany(rows: RequestLogEntity[]): Promise<void> {
    await this.repo.insert(rows);
  }

  findById(id: string): Promise<RequestLogEntity | null> {
    return this.repo.findOneBy({ id });
  }

  listForAccount(accountId: string): Promise<RequestLogEntity[]> {
    return this.repo.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }
}
