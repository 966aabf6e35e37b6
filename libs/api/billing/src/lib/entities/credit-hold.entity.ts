import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/** The most a request in flight can cost, reserved before it is forwarded; one per request. */
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
