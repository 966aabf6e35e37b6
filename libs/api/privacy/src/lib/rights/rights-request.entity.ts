import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const RIGHTS_REQUEST_TYPES = [
  'ACCESS',
  'EXPORT',
  'CORRECTION',
  'DELETION',
  'OBJECTION',
  'CONSENT_WITHDRAWAL',
  'UNDERAGE_REPORT',
  'OTHER',
] as const;
export type RightsRequestType = (typeof RIGHTS_REQUEST_TYPES)[number];

export const RIGHTS_REQUEST_STATUSES = ['OPEN', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const;
export type RightsRequestStatus = (typeof RIGHTS_REQUEST_STATUSES)[number];
/** A request in one of these is answered: it has a `closed_at` and is never overdue. */
export const CLOSED_STATUSES: readonly RightsRequestStatus[] = ['COMPLETED', 'REJECTED', 'CANCELLED'];

export type RightsRequestSource = 'portal' | 'email';

/**
 * A data-protection request (access, export, erasure, objection, …): made in the portal or emailed to
 * the privacy address and recorded by support. The policy promises an answer within 30 days of
 * receipt, hence `due_at`; support's queue is read by it.
 */
@Entity({ name: 'privacy_rights_requests' })
@Index('idx_privacy_rights_requests_account', ['accountId', 'receivedAt'])
@Index('idx_privacy_rights_requests_due', ['dueAt'])
@Index('idx_privacy_rights_requests_closed', ['closedAt'])
export class RightsRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: RightsRequestType;

  @Column({ type: 'varchar', length: 16 })
  status!: RightsRequestStatus;

  /** The account it concerns; null for an email from an address no account has (or after erasure). */
  @Column({ name: 'account_id', type: 'varchar', length: 36, nullable: true, default: null })
  accountId!: string | null;

  /** The address a request by email came from (null for one made in the portal, or after erasure). */
  @Column({ name: 'contact_email', type: 'varchar', length: 320, nullable: true, default: null })
  contactEmail!: string | null;

  @Column({ type: 'varchar', length: 8 })
  source!: RightsRequestSource;

  @Column({ type: 'text', nullable: true, default: null })
  description!: string | null;

  /** Support's note on how it was handled. */
  @Column({ type: 'text', nullable: true, default: null })
  note!: string | null;

  @Column({ name: 'received_at', type: 'datetime' })
  receivedAt!: Date;

  @Column({ name: 'due_at', type: 'datetime' })
  dueAt!: Date;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true, default: null })
  closedAt!: Date | null;
}

export const RIGHTS_ENTITIES = [RightsRequestEntity];
