import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An API key is stored only as the SHA-256 of its secret; the secret is shown once. */
@Entity({ name: 'api_keys' })
@Index('idx_api_keys_account', ['accountId'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, enough for a person to recognise it in a list. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64, unique: true })
  keyHash!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true, default: null })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true, default: null })
  revokedAt!: Date | null;

  /** After this instant the key no longer authenticates; null means it never expires. */
  @Column({ name: 'expires_at', type: 'datetime', nullable: true, default: null })
  expiresAt!: Date | null;

  /** Model ids the key may call; null means every model. */
  @Column({ name: 'allowed_models', type: 'simple-json', nullable: true, default: null })
  allowedModels!: string[] | null;
}
