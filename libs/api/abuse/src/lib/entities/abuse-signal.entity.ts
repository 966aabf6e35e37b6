import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AbuseSignalKind = 'refusal' | 'rate_limit' | 'key_sharing' | 'report';
export type RefusalStage = 'input' | 'output';

/** Metadata about an event that may indicate abuse. Never any prompt or completion text. */
@Entity({ name: 'abuse_signals' })
@Index('idx_abuse_signals_account_time', ['accountId', 'createdAt'])
export class AbuseSignalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 32 })
  kind!: AbuseSignalKind;

  /** One signal per request and kind: a replayed job cannot record it twice. */
  @Column({ name: 'request_id', type: 'varchar', length: 64, unique: true })
  requestId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId!: string;

  /** The request's model (refusals, rate limit triggers); null for signals about a key's use as a whole. */
  @Column({ type: 'varchar', length: 128, nullable: true, default: null })
  model!: string | null;

  /** The provider that refused (refusals); null for other kinds. */
  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  provider!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  stage!: RefusalStage | null;

  @Column({ name: 'upstream_code', type: 'varchar', length: 64, nullable: true, default: null })
  upstreamCode!: string | null;

  /**
   * Rate limit trigger: which limit of which holder (`key:requests_per_minute`); key sharing: `networks:<n>`;
   * report: `category:<category>` (never the report or who sent it).
   */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  detail!: string | null;
}
