import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

export type PurchaseStatus = 'pending' | 'completed' | 'partially_refunded' | 'refunded' | 'charged_back';

/**
 * A billing record: what was bought, for how much, through which processor transaction. Kept 7
 * years for tax; when its account is deleted the account id is replaced by a pseudonym.
 */
@Entity({ name: 'purchases' })
@Index('idx_purchases_account', ['accountId', 'createdAt'])
@Index('idx_purchases_created', ['createdAt'])
export class PurchaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'pack_id', type: 'varchar', length: 36, nullable: true })
  packId!: string | null;

  @Column({ name: 'pack_name', type: 'varchar', length: 100 })
  packName!: string;

  @Column({ name: 'credits_micros', type: 'bigint', transformer: bigintTransformer })
  creditsMicros!: number;

  /** The pack's price when the checkout started, in the currency's minor unit. */
  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintTransformer })
  amountMinor!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** What the processor charged in all (tax included) and the tax in it, once completed. */
  @Column({ name: 'paid_minor', type: 'bigint', transformer: bigintTransformer, nullable: true })
  paidMinor!: number | null;

  @Column({ name: 'tax_minor', type: 'bigint', transformer: bigintTransformer, nullable: true })
  taxMinor!: number | null;

  @Column({ name: 'refunded_minor', type: 'bigint', transformer: bigintTransformer, default: 0 })
  refundedMinor!: number;

  /** Credits taken back by refunds and chargebacks (net of chargeback reversals). */
  @Column({ name: 'credits_reversed_micros', type: 'bigint', transformer: bigintTransformer, default: 0 })
  creditsReversedMicros!: number;

  /** The part of creditsReversedMicros taken by chargebacks: all a chargeback reversal may give back. */
  @Column({ name: 'credits_charged_back_micros', type: 'bigint', transformer: bigintTransformer, default: 0 })
  creditsChargedBackMicros!: number;

  @Column({ type: 'varchar', length: 16 })
  processor!: string;

  @Column({ name: 'processor_transaction_id', type: 'varchar', length: 64, unique: true })
  processorTransactionId!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: PurchaseStatus;

  @Column({ name: 'refund_requested_at', type: 'datetime', nullable: true })
  refundRequestedAt!: Date | null;

  /** The processor's adjustment for the refund an operator asked for (only its rejection clears the request). */
  @Column({ name: 'refund_adjustment_id', type: 'varchar', length: 64, nullable: true })
  refundAdjustmentId!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'datetime', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
