import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccountStatus = 'active' | 'suspended' | 'closed';
export type AccountRole = 'user' | 'support' | 'admin';

@Entity({ name: 'accounts' })
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
}
