import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What an account can consent to (the values stored; GraphQL shows them upper case). */
export const CONSENT_KINDS = ['debug_captures', 'product_emails'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/**
 * The account's current answer for one kind: read by primary key on every request that depends on it
 * (a debug capture), so a withdrawal counts at once on every instance. No row means never granted.
 */
@Entity({ name: 'privacy_consents' })
export class ConsentEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: ConsentKind;

  @Column({ type: 'boolean' })
  granted!: boolean;

  /** The privacy policy in effect when the answer was given. */
  @Column({ name: 'policy_version', type: 'varchar', length: 32, nullable: true, default: null })
  policyVersion!: string | null;

  @Column({ name: 'changed_at', type: 'datetime' })
  changedAt!: Date;
}

/** Every answer ever given, kept as the proof of consent the policy's "Consent records" promise (deleted with the account). */
@Entity({ name: 'privacy_consent_history' })
@Index('idx_privacy_consent_history_account', ['accountId', 'changedAt'])
export class ConsentHistoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: ConsentKind;

  @Column({ type: 'boolean' })
  granted!: boolean;

  @Column({ name: 'policy_version', type: 'varchar', length: 32, nullable: true, default: null })
  policyVersion!: string | null;

  @Column({ name: 'changed_at', type: 'datetime' })
  changedAt!: Date;
}

export const CONSENTS_ENTITIES = [ConsentEntity, ConsentHistoryEntity];
