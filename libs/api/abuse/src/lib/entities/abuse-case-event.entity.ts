import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type CaseAction = 'opened' | 'note' | 'dismiss' | 'warn' | 'suspend_key' | 'suspend_account' | 'closed';

/** What happened to a case, who did it and when: the audit of every support action. */
@Entity({ name: 'abuse_case_events' })
@Index('idx_abuse_case_events_case', ['caseId', 'at'])
export class AbuseCaseEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  /** To the millisecond: a case's events are listed in this order. */
  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  /** `operator:<account id>` for support, `system` for the rules. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: CaseAction;

  @Column({ type: 'varchar', length: 2000, nullable: true, default: null })
  note!: string | null;
}
