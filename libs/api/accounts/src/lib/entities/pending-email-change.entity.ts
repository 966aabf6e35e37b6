import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A new contact email waiting for its owner to follow the link sent to it; the account keeps its
 * old email until then. One per account (a new request replaces it). The link's token is stored
 * only as its SHA-256, so a copy of this table confirms nothing.
 */
@Entity({ name: 'pending_email_changes' })
export class PendingEmailChangeEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'requested_at', type: 'datetime' })
  requestedAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;
}
