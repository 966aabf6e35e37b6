import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/**
 * An operator's price for a catalog model; it replaces the catalog's price for that model. One row
 * per model, overwritten on each edit: requests keep the price they started with in their
 * request_logs row, so past charges never depend on this table.
 */
@Entity({ name: 'model_prices' })
export class ModelPriceEntity {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 128 })
  modelId!: string;

  /** Integer micro-USD per 1M uncached input tokens. */
  @Column({ name: 'input_micros', type: 'bigint', transformer: bigintTransformer })
  inputMicros!: number;

  /** Integer micro-USD per 1M input tokens served from the provider's cache. */
  @Column({ name: 'cached_input_micros', type: 'bigint', transformer: bigintTransformer })
  cachedInputMicros!: number;

  /** Integer micro-USD per 1M output tokens, reasoning included. */
  @Column({ name: 'output_micros', type: 'bigint', transformer: bigintTransformer })
  outputMicros!: number;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  /** Who set it: `operator:<account id>` from the admin API, `cli` (or `cli:<name>`) from the CLI. */
  @Column({ name: 'updated_by', type: 'varchar', length: 100 })
  updatedBy!: string;
}
