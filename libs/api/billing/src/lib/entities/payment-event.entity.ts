import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/**
 * `mismatch`: a completion whose money does not match the pack (amount, currency): nothing is
 * granted and the purchase stays pending for an operator to look at.
 */
export type PaymentEventStatus = 'applied' | 'deferred' | 'ignored' | 'duplicate' | 'mismatch';
export type AdjustmentAction = 'refund' | 'chargeback' | 'chargeback_reverse';

/**
 * Every processor notification we accepted, by its event id: the primary key is what makes a
 * redelivery change nothing. Only what applying it needs is kept — no names, emails or addresses.
 */
@Entity({ name: 'payment_events' })
@Index('idx_payment_events_transaction', ['transactionId'])
@Index('idx_payment_events_adjustment', ['adjustmentId'])
@Index('idx_payment_events_received', ['receivedAt'])
export class PaymentEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId!: string;

  @Column({ type: 'varchar', length: 16 })
  processor!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ name: 'adjustment_id', type: 'varchar', length: 64, nullable: true })
  adjustmentId!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  action!: AdjustmentAction | null;

  /** The adjustment's amount in the transaction currency's minor unit. */
  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintTransformer, nullable: true })
  amountMinor!: number | null;

  /** A full refund or chargeback: takes back whatever credits the purchase still has. */
  @Column({ name: 'full_amount', type: 'boolean', default: false })
  fullAmount!: boolean;

  /** `deferred`: an adjustment that arrived before its transaction completed; applied with it. */
  @Column({ type: 'varchar', length: 16 })
  status!: PaymentEventStatus;

  @Column({ name: 'occurred_at', type: 'datetime' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'datetime' })
  receivedAt!: Date;
}
