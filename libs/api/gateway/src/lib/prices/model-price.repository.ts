import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ModelPriceEntity } from './model-price.entity';

@Injectable()
export class ModelPriceRepository {
  constructor(@InjectRepository(ModelPriceEntity) private readonly repo: Repository<ModelPriceEntity>) {}

  /** The whole table: one row per overridden model, so it stays small. */
  list(): Promise<ModelPriceEntity[]> {
    return this.repo.find();
  }

  /** Insert or overwrite in one statement, so two operators editing the same model cannot collide on the key. */
  async upsert(row: ModelPriceEntity): Promise<void> {
    await this.repo.upsert(row, ['modelId']);
  }
}
