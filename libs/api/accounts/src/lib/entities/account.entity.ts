import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AccountStatus = 'active' | 'suspended' | 'closed';
export type AccountRole = 'user' | 'support' | 'admin';

@Entity({ name: 'accounts' })
// The erasure task finds closed accounts past their grace period by this range.
@Index('idx_accounts_status_delete_after', ['status', 'deleteAfter'])
export class AccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: AccountStatus;

  /** Set by operators only (CLI), never by the account's owner. */
  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: AccountRole;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /** From the sign-in provider's profile, as the privacy policy lists: name and avatar only. */
  @Column({ name: 'display_name', type: 'varchar', length: 200, nullable: true, default: null })
  displayName!: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 1024, nullable: true, default: null })
  avatarUrl!: string | null;

  /** When the user confirmed being 18 or over (the age of majority where they live). */
  @Column({ name: 'adult_confirmed_at', type: 'datetime', nullable: true, default: null })
  adultConfirmedAt!: Date | null;

  @Column({ name: 'terms_version', type: 'varchar', length: 32, nullable: true, default: null })
  termsVersion!: string | null;

  @Column({ name: 'terms_accepted_at', type: 'datetime', nullable: true, default: null })
  termsAcceptedAt!: Date | null;

  /** When the owner closed the account (null unless closed): the grace period starts here. */
  @Column({ name: 'closed_at', type: 'datetime', nullable: true, default: null })
  closedAt!: Date | null;

  /** A closed account is erased after this instant unless its owner signs in before then. */
  @Column({ name: 'delete_after', type: 'datetime', nullable: true, default: null })
  deleteAfter!: Date | null;
}
