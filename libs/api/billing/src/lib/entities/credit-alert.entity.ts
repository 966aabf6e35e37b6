import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/** An owner's low-balance alert: one email each time the balance falls under the threshold. */
@Entity({ name: 'credit_alerts' })
export class CreditAlertEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'threshold_micros', type: 'bigint', transformer: bigintTransformer })
  thresholdMicros!: number;

  /** Cleared when an email is sent; set again once the balance is back at or above the threshold. */
  @Column({ type: 'boolean', default: true })
  armed!: boolean;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
