import type { ReportCategory } from '@vipcloud/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A report of abuse, from anyone: what they say, about which key, and how to reach them if they chose to
 * say. Support only; the reported owner sees a signal with the category,
 * never the report or who sent it. Kept with its case (deleted 90 days after the case closes).
 */
@Entity({ name: 'abuse_reports' })
@Index('idx_abuse_reports_case', ['caseId'])
export class AbuseReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: ReportCategory;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  /** The key's displayed prefix as the reporter gave it (`vc-` and 8 characters). */
  @Column({ name: 'reported_key_prefix', type: 'varchar', length: 16, nullable: true, default: null })
  reportedKeyPrefix!: string | null;

  /** The account the prefix (or the email given) belongs to, when one does. */
  @Column({ name: 'reported_account_id', type: 'varchar', length: 36, nullable: true, default: null })
  reportedAccountId!: string | null;

  @Column({ name: 'reporter_contact', type: 'varchar', length: 254, nullable: true, default: null })
  reporterContact!: string | null;
}
