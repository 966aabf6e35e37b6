import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AbuseSignalEntity } from './entities/abuse-signal.entity';

@Injectable()
export class AbuseSignalsRepository {
  constructor(@InjectRepository(AbuseSignalEntity) private readonly repo: Repository<AbuseSignalEntity>) {}

  /** Idempotent on request id, so a retried job is harmless. */
  async insertOnce(signal: AbuseSignalEntity): Promise<void> {
    await this.repo.createQueryBuilder().insert().into(AbuseSignalEntity).values(signal).orIgnore().execute();
  }

  listForAccount(accountId: string): Promise<AbuseSignalEntity[]> {
    return this.repo.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }
}
