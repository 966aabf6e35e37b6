import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the backfill has read a processor's notification log: every notification up to and
 * including `last_event_id` was applied (or was already). The next read resumes after it.
 */
@Entity({ name: 'payment_cursors' })
export class PaymentCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  processor!: string;

  @Column({ name: 'last_event_id', type: 'varchar', length: 64 })
  lastEventId!: string;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
