import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/**
 * Credits reserved in the database: an instance's lease on an account (request_id
 * `lease:<instanceId>:<accountId>`), out of which it admits requests in memory; or, from before
 * leases, the most one request in flight could cost. created_at is renewed while the instance
 * lives, so a dead instance's lease goes stale and is released by the sweep.
 */
@Entity({ name: 'credit_holds' })
@Index('idx_credit_holds_time', ['createdAt'])
export class CreditHoldEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'amount_micros', type: 'bigint', transformer: bigintTransformer })
  amountMicros!: number;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
