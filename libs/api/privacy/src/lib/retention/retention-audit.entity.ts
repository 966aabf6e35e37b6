import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One run of one retention rule: what kind of data, which rule, how many records went. Never content. */
@Entity({ name: 'privacy_retention_audit' })
@Index('idx_privacy_retention_audit_ran', ['ranAt'])
export class RetentionAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The task's kind (`gateway.request-metadata`). */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  /** The rule as the docs state it ("30 days after the request"). */
  @Column({ type: 'varchar', length: 200 })
  rule!: string;

  @Column({ type: 'int' })
  deleted!: number;

  @Column({ name: 'ran_at', type: 'datetime' })
  ranAt!: Date;
}

export const RETENTION_ENTITIES = [RetentionAuditEntity];
