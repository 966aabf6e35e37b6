import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

/**
 * An account's balance, materialised from its ledger and updated in the same transaction as each
 * entry: Σ entries = balance, always. Billing rows are kept apart from the account so they can
 * outlive it (7 years) in pseudonymised form.
 */
@Entity({ name: 'credit_balances' })
export class CreditBalanceEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'balance_micros', type: 'bigint', transformer: bigintTransformer })
  balanceMicros!: number;

  /** Σ credit_holds: instances' leases (out of which requests are admitted) and older per-request holds; free is balance − held. */
  @Column({ name: 'held_micros', type: 'bigint', transformer: bigintTransformer, default: 0 })
  heldMicros!: number;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
