import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One account told of one material version of one document. The primary key makes the email
 * exactly-once: a row is inserted (by whichever instance gets there first) before its email is
 * queued, and `queued_at` records that the queue took it. A row whose claim is old and still not
 * queued belongs to a run that died between the two, and is claimed again.
 */
@Entity({ name: 'legal_announcements' })
@Index('IDX_legal_announcements_pending', ['document', 'version', 'queuedAt'])
export class LegalAnnouncementEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  document!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  version!: string;

  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The run that is queueing its email (random per run). */
  @Column({ name: 'claimed_by', type: 'varchar', length: 36 })
  claimedBy!: string;

  @Column({ name: 'claimed_at', type: 'datetime' })
  claimedAt!: Date;

  @Column({ name: 'queued_at', type: 'datetime', nullable: true, default: null })
  queuedAt!: Date | null;
}
