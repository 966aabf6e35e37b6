import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const DATA_EXPORT_STATUSES = ['QUEUED', 'BUILDING', 'READY', 'FAILED', 'EXPIRED'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/**
 * A data export an account asked for: its progress while a job builds it, then the ZIP (stored in
 * `privacy_data_export_chunks`) until it expires. The row holds no personal data beyond its account id
 * and times; the file is deleted 7 days after it is ready, and the row 30 days after that.
 */
@Entity({ name: 'privacy_data_exports' })
@Index('idx_privacy_data_exports_account', ['accountId', 'requestedAt'])
@Index('idx_privacy_data_exports_expiry', ['status', 'expiresAt'])
@Index('uq_privacy_data_exports_in_progress', ['inProgressAccountId'], { unique: true })
export class DataExportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DataExportStatus;

  /** 0–100: the share of the account's data sources written so far. */
  @Column({ type: 'int', default: 0 })
  progress!: number;

  /**
   * The account id while the export is QUEUED or BUILDING, null otherwise: its unique index lets the
   * database refuse a second export in progress for an account, whichever instance asks (NULLs never clash).
   */
  @Column({ name: 'in_progress_account_id', type: 'varchar', length: 36, nullable: true, default: null })
  inProgressAccountId!: string | null;

  @Column({ name: 'requested_at', type: 'datetime' })
  requestedAt!: Date;

  @Column({ name: 'ready_at', type: 'datetime', nullable: true, default: null })
  readyAt!: Date | null;

  /** READY: when the file goes. FAILED, EXPIRED: when that happened (the row goes 30 days later). */
  @Column({ name: 'expires_at', type: 'datetime', nullable: true, default: null })
  expiresAt!: Date | null;

  @Column({ name: 'size_bytes', type: 'int', nullable: true, default: null })
  sizeBytes!: number | null;

  /** The rights request recorded for it (type EXPORT), completed when the file is ready. */
  @Column({ name: 'rights_request_id', type: 'varchar', length: 36, nullable: true, default: null })
  rightsRequestId!: string | null;
}
