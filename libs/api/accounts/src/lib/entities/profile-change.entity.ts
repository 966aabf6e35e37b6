import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * That a profile field changed, and when: the record the Correct right asks for. Never the old or
 * new value, so the record itself holds nothing more about the person than the profile does.
 */
@Entity({ name: 'profile_changes' })
@Index('idx_profile_changes_account', ['accountId', 'changedAt'])
export class ProfileChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** `displayName` or `email`. */
  @Column({ type: 'varchar', length: 32 })
  field!: string;

  @Column({ name: 'changed_at', type: 'datetime' })
  changedAt!: Date;
}
