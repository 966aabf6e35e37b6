import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { ModelPriceEntity } from './model-price.entity';

@Injectable()
export class ModelPriceRepository {
  constructor(private readonly db: Database) {}

  /** The whole table: one row per overridden model, so it stays small. */
  list(): Promise<ModelPriceEntity[]> {
    return this.db.repository(ModelPriceEntity).find();
  }

  /** Insert or overwrite in one statement, so two operators editing the same model cannot collide on the key. */
  async upsert(row: ModelPriceEntity): Promise<void> {
    await this.db.write((em) => em.upsert(ModelPriceEntity, row, ['modelId']));
  }
}
