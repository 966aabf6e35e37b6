import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One account told of one material version of one document. The primary key keeps it to one row:
 * a row is inserted (by whichever instance gets there first) before its email is queued,
 * `queued_at` records that the queue took it, and `sent_at` that the email job is done with it (the
 * mailer accepted the message, or there was nothing to send). A row whose claim is old and still not
 * queued belongs to a run that died between the two, and is claimed again; one queued long ago and
 * still not sent lost its job (a crash of the in-process queue, retries used up), and is queued again.
 * The email job takes `sending_at` (a lease) before it sends and only while `sent_at` is unset, so a
 * row queued twice is still sent once, even when both jobs run at the same moment.
 */
@Entity({ name: 'legal_announcements' })
@Index('IDX_legal_announcements_pending', ['document', 'version', 'queuedAt'])
@Index('IDX_legal_announcements_unsent', ['document', 'version', 'sentAt'])
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

  /** An email job is sending it since then (cleared when its attempt fails; a stale one is taken over). */
  @Column({ name: 'sending_at', type: 'datetime', nullable: true, default: null })
  sendingAt!: Date | null;

  @Column({ name: 'sent_at', type: 'datetime', nullable: true, default: null })
  sentAt!: Date | null;
}

/**
 * When the audience of one version was last gone through to its end: until it is due again, a run
 * skips that pass (the costly part of a run once everyone is told) and only looks after rows still
 * unqueued or unsent.
 */
@Entity({ name: 'legal_announcement_scans' })
export class LegalAnnouncementScanEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  document!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  version!: string;

  @Column({ name: 'scanned_at', type: 'datetime' })
  scannedAt!: Date;
}
