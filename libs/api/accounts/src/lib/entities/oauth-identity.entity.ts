import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A GitHub or Google identity linked to an account, keyed by the provider's subject id (never by
 * email). A refresh token, when the provider grants one, is stored sealed with AES-256-GCM.
 */
@Entity({ name: 'oauth_identities' })
@Index('uq_oauth_identities_subject', ['provider', 'subject'], { unique: true })
@Index('idx_oauth_identities_account', ['accountId'])
export class OAuthIdentityEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 })
  provider!: 'github' | 'google';

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** `v1.<key id>.<iv>.<ciphertext>.<tag>`, bound to this row's id. */
  @Column({ name: 'refresh_token_sealed', type: 'text', nullable: true, default: null })
  refreshTokenSealed!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
