import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Support's limits for one account, in place of the configured defaults; a null column keeps the default.
 * The key columns apply to each of the account's keys.
 */
@Entity({ name: 'account_rate_limits' })
export class AccountRateLimitEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'key_requests_per_minute', type: 'int', nullable: true, default: null })
  keyRequestsPerMinute!: number | null;

  @Column({ name: 'key_tokens_per_minute', type: 'int', nullable: true, default: null })
  keyTokensPerMinute!: number | null;

  @Column({ name: 'key_concurrent_streams', type: 'int', nullable: true, default: null })
  keyConcurrentStreams!: number | null;

  @Column({ name: 'account_requests_per_minute', type: 'int', nullable: true, default: null })
  accountRequestsPerMinute!: number | null;

  @Column({ name: 'account_tokens_per_minute', type: 'int', nullable: true, default: null })
  accountTokensPerMinute!: number | null;

  @Column({ name: 'account_concurrent_streams', type: 'int', nullable: true, default: null })
  accountConcurrentStreams!: number | null;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  /** Who set them: `operator:<account id>` from the portal, `cli` from the operator CLI. */
  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;
}
