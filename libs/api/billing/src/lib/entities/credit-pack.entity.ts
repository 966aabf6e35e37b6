import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

export type PackCurrency = 'USD' | 'CNY';

/** A credit pack on sale. Editing one never changes past purchases: they keep a snapshot. */
@Entity({ name: 'credit_packs' })
export class CreditPackEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Credits granted, in micro-USD. */
  @Column({ name: 'credits_micros', type: 'bigint', transformer: bigintTransformer })
  creditsMicros!: number;

  /** What the buyer pays, in the currency's minor unit (cents, fen), tax exclusive. */
  @Column({ name: 'price_minor', type: 'bigint', transformer: bigintTransformer })
  priceMinor!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: PackCurrency;

  /** A price defined in the processor's catalog; without one, checkout sends the price inline. */
  @Column({ name: 'processor_price_id', type: 'varchar', length: 64, nullable: true })
  processorPriceId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
