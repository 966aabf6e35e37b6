import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A portal sign-in. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * this table cannot be replayed as a session.
 */
@Entity({ name: 'sessions' })
@Index('idx_sessions_account', ['accountId'])
// The retention purge finds ended sessions by ended_at, and never-ended ones (ended_at IS NULL) by
// their absolute or idle end: one index per range it scans.
@Index('idx_sessions_ended_expires', ['endedAt', 'expiresAt'])
@Index('idx_sessions_ended_seen', ['endedAt', 'lastSeenAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'datetime' })
  lastSeenAt!: Date;

  /** The absolute end, however active the session is. */
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;

  /** The browser's User-Agent, cut short, so the owner can tell their devices apart. */
  @Column({ name: 'user_agent', type: 'varchar', length: 200, nullable: true, default: null })
  userAgent!: string | null;

  /** Truncated before it is stored: IPv4 /24, IPv6 /48. */
  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true, default: null })
  clientIp!: string | null;

  @Column({ name: 'ended_at', type: 'datetime', nullable: true, default: null })
  endedAt!: Date | null;
}
