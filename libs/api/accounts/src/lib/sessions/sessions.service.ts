import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError, sha256Hex } from '@vipcloud/platform';
import { AccountsConfig, InjectAccountsConfig } from '../accounts.config';
import { AccountEntity } from '../entities/account.entity';
import { SessionEntity } from '../entities/session.entity';
import { AccountsRepository } from '../accounts/accounts.repository';
import { SessionsRepository } from './sessions.repository';

const TOKEN_BYTES = 32; // 256 bits
const TOUCH_INTERVAL_MS = 60_000;
/** The records of ended sessions are kept this long after they end (privacy policy §5). */
export const ENDED_SESSION_RETENTION_MS = 30 * 24 * 3600_000;

export interface StartedSession {
  session: SessionEntity;
  /** The cookie value: returned once, stored only as a hash. */
  token: string;
}

export interface SessionUser {
  account: AccountEntity;
  session: SessionEntity;
}

export interface SessionClient {
  userAgent?: string | null;
  /** Already truncated. */
  clientIp?: string | null;
}

export class SessionNotFoundError extends NotFoundError {
  constructor() {
    super('No such session.', 'session_not_found');
  }
}

/**
 * Server-side portal sessions. Every lookup reads the database (no per-instance cache), so ending
 * a session, or suspending or closing its account, takes effect on every instance at once.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
    @InjectAccountsConfig() private readonly config: AccountsConfig,
  ) {}

  /** A new token at every sign-in, so a token planted before sign-in is worth nothing after. */
  async start(accountId: string, client: SessionClient = {}): Promise<StartedSession> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.clock.now();
    const session = Object.assign(new SessionEntity(), {
      id: randomUUID(),
      accountId,
      tokenHash: sha256Hex(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteTimeoutMs),
      userAgent: client.userAgent ? client.userAgent.slice(0, 200) : null,
      clientIp: client.clientIp ?? null,
      endedAt: null,
    });
    await this.sessions.insert(session);
    return { session, token };
  }

  /** The signed-in account for a cookie token, or null when it is unknown, ended, idle or expired. */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return null;
    const session = await this.sessions.findLiveByHash(sha256Hex(token));
    if (!session) return null;
    const now = this.clock.nowMs();
    const idleUntil = session.lastSeenAt.getTime() + this.config.sessionIdleTimeoutMs;
    if (now >= session.expiresAt.getTime() || now >= idleUntil) {
      // Recorded as ended when it did end, not when it was presented again (perhaps weeks later),
      // so its record is deleted on time.
      const endedAt = new Date(Math.min(session.expiresAt.getTime(), idleUntil));
      await this.sessions.end(session.accountId, session.id, endedAt);
      return null;
    }
    const account = await this.accounts.findById(session.accountId);
    if (!account || account.status !== 'active') return null;
    if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      session.lastSeenAt = new Date(now);
      await this.sessions.touch(session.id, session.lastSeenAt);
    }
    return { account, session };
  }

  list(accountId: string): Promise<SessionEntity[]> {
    return this.sessions.listLive(accountId);
  }

  /** Ends one of the account's own sessions; another account's id is simply not found. */
  async end(accountId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.end(accountId, sessionId, this.clock.now()))) throw new SessionNotFoundError();
  }

  /** Sign-out everywhere, suspension and deletion use this. */
  endAll(accountId: string): Promise<number> {
    return this.sessions.endAll(accountId, this.clock.now());
  }

  /**
   * Deletes the records of sessions that ended more than 30 days ago. A session nobody presented
   * again after it went idle or expired was never marked ended: it ended at the earlier of its
   * absolute expiry and its last activity plus the idle timeout. Returns how many went.
   */
  purgeEnded(): Promise<number> {
    const cutoff = this.clock.nowMs() - ENDED_SESSION_RETENTION_MS;
    return this.sessions.deleteEndedBefore(new Date(cutoff), new Date(cutoff - this.config.sessionIdleTimeoutMs));
  }
}
