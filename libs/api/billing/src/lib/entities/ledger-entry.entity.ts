import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

export type LedgerKind = 'purchase' | 'usage' | 'refund' | 'adjustment' | 'chargeback' | 'reversal';

/**
 * Entries are never deleted; corrections are new entries. The usage aggregate of a period (an
 * account's usage of one model at one price in one UTC hour) grows while its period is open:
 * its amount and balance after change as batches of settlements land, its seq stays.
 */
@Entity({ name: 'ledger_entries' })
@Index('idx_ledger_account_time', ['accountId', 'createdAt'])
export class LedgerEntryEntity {
  /**
   * The order entries were applied in (timestamps can tie). INT, not BIGINT, because SQLite only
   * auto-increments an INTEGER key; 2^31 entries is far beyond this table's seven-year life.
   */
  @PrimaryGeneratedColumn('increment', { name: 'seq' })
  seq!: number;

  @Column({ type: 'varchar', length: 36, unique: true })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: LedgerKind;

  /** Signed: credits are positive, debits negative. */
  @Column({ name: 'amount_micros', type: 'bigint', transformer: bigintTransformer })
  amountMicros!: number;

  @Column({ name: 'balance_after_micros', type: 'bigint', transformer: bigintTransformer })
  balanceAfterMicros!: number;

  /**
   * What makes the entry unique (a processor event id, an operator's idempotency key, a usage
   * aggregate's account, hour, model and price): the database refuses a second entry with the same
   * reference. Never a request id: per-request detail lives only in request metadata (30 days).
   */
  @Column({ type: 'varchar', length: 160, unique: true })
  reference!: string;

  /** A hash of what was asked, so reusing a reference for a different request is refused. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /** For usage: the model and the price its requests were billed at (micro-USD per 1M tokens). */
  @Column({ name: 'price_snapshot', type: 'varchar', length: 200, nullable: true })
  priceSnapshot?: string | null;

  /** Who caused it: `system`, `operator:<name>`, `processor:<name>`. */
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
