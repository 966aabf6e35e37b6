import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per settled request: what makes a settlement exactly-once (a retried or replayed one
 * finds its id here and charges nothing). Per-request metadata, so deleted after 30 days with the
 * request's metadata row; the charge itself lives on in the hour's usage aggregate.
 */
@Entity({ name: 'credit_settlements' })
@Index('idx_credit_settlements_time', ['settledAt'])
export class CreditSettlementEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'settled_at', type: 'datetime' })
  settledAt!: Date;
}
