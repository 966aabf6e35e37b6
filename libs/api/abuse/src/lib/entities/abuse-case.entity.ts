import type { CaseDecision } from '@vipcloud/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type CaseStatus = 'open' | 'closed';
export type CaseReason = 'report';

/** A matter support looks into, about one account (or none, when a report named nothing we know). */
@Entity({ name: 'abuse_cases' })
@Index('idx_abuse_cases_status', ['status', 'openedAt'])
@Index('idx_abuse_cases_account', ['accountId'])
export class AbuseCaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36, nullable: true, default: null })
  accountId!: string | null;

  /** The key a decision may suspend, when the case is about one. */
  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true, default: null })
  apiKeyId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  reason!: CaseReason;

  @Column({ type: 'varchar', length: 16 })
  status!: CaseStatus;

  @Column({ name: 'opened_at', type: 'datetime' })
  openedAt!: Date;

  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  decision!: CaseDecision | null;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true, default: null })
  closedAt!: Date | null;
}
