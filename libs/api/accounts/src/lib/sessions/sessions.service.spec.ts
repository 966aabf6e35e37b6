import { AppConfig, sha256Hex } from '@vipcloud/platform';
import { accountsConfig } from '../accounts.config';
import { FakeClock } from '@vipcloud/platform/testing';
import type { AccountsRepository } from '../accounts/accounts.repository';
import type { AccountEntity } from '../entities/account.entity';
import type { SessionEntity } from '../entities/session.entity';
import type { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

class FakeSessions {
  rows: SessionEntity[] = [];
  async insert(s: SessionEntity): Promise<void> {
    this.rows.push({ ...s });
  }
  async findLiveByHash(h: string): Promise<SessionEntity | null> {
    const s = this.rows.find((r) => r.tokenHash === h && !r.endedAt);
    return s ? { ...s } : null;
  }
  async listLive(accountId: string): Promise<SessionEntity[]> {
    return this.rows.filter((r) => r.accountId === accountId && !r.endedAt);
  }
  async touch(id: string, at: Date): Promise<void> {
    const s = this.rows.find((r) => r.id === id);
    if (s) s.lastSeenAt = at;
  }
  async end(accountId: string, id: string, at: Date): Promise<boolean> {
    const s = this.rows.find((r) => r.id === id && r.accountId === accountId && !r.endedAt);
    if (!s) return false;
    s.endedAt = at;
    return true;
  }
  purged: Array<{ cutoff: Date; idleCutoff: Date }> = [];
  async deleteEndedBefore(cutoff: Date, idleCutoff: Date): Promise<number> {
    this.purged.push({ cutoff, idleCutoff });
    return 0;
  }
  async endAll(accountId: string, at: Date): Promise<number> {
    const live = this.rows.filter((r) => r.accountId === accountId && !r.endedAt);
    live.forEach((r) => (r.endedAt = at));
    return live.length;
  }
}

describe('SessionsService', () => {
  const HOUR = 3_600_000;
  let clock: FakeClock;
  let repo: FakeSessions;
  let account: AccountEntity;
  let service: SessionsService;

  beforeEach(() => {
    clock = new FakeClock();
    repo = new FakeSessions();
    account = { id: 'acc-1', email: 'a@example.com', status: 'active', role: 'user' } as AccountEntity;
    const accounts = {
      findById: async (id: string) => (id === account.id ? account : null),
    } as unknown as AccountsRepository;
    const config = new AppConfig({
      SESSION_IDLE_TIMEOUT_MS: String(2 * HOUR),
      SESSION_ABSOLUTE_TIMEOUT_MS: String(10 * HOUR),
    }).settings(accountsConfig);
    service = new SessionsService(repo as unknown as SessionsRepository, accounts, clock, config);
  });

  it('issues a 256-bit random token and stores only its hash', async () => {
    const { token, session } = await service.start(account.id);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(repo.rows[0].tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(repo.rows)).not.toContain(token);
    expect((await service.start(account.id)).token).not.toBe(token);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(10 * HOUR);
  });

  it('ends a session left idle past the idle timeout', async () => {
    const { token } = await service.start(account.id);
    clock.advance(2 * HOUR - 1);
    expect(await service.resolve(token)).not.toBeNull();
    clock.advance(2 * HOUR);
    expect(await service.resolve(token)).toBeNull();
    expect(repo.rows[0].endedAt).not.toBeNull();
  });

  it('records a session presented long after it went idle or expired as ended when it did', async () => {
    const idle = await service.start(account.id);
    const start = clock.nowMs();
    clock.advance(5 * HOUR);
    expect(await service.resolve(idle.token)).toBeNull();
    expect(repo.rows[0].endedAt?.getTime()).toBe(start + 2 * HOUR);

    const expired = await service.start(account.id);
    const expiry = clock.nowMs() + 10 * HOUR;
    for (let h = 1; h < 10; h++) {
      clock.advance(HOUR);
      await service.resolve(expired.token);
    }
    clock.advance(30 * 24 * HOUR);
    expect(await service.resolve(expired.token)).toBeNull();
    expect(repo.rows[1].endedAt?.getTime()).toBe(expiry);
  });

  it('purges sessions that ended over 30 days ago, counting idle ones from their last activity', async () => {
    await service.purgeEnded();
    const cutoff = clock.nowMs() - 30 * 24 * HOUR;
    expect(repo.purged).toEqual([{ cutoff: new Date(cutoff), idleCutoff: new Date(cutoff - 2 * HOUR) }]);
  });

  it('keeps an active session alive, but never past the absolute timeout', async () => {
    const { token } = await service.start(account.id);
    for (let h = 1; h < 10; h++) {
      clock.advance(HOUR);
      expect(await service.resolve(token)).not.toBeNull();
    }
    clock.advance(HOUR);
    expect(await service.resolve(token)).toBeNull();
  });

  it('refuses sessions of a suspended account, and ends all of an account’s sessions at once', async () => {
    const a = await service.start(account.id);
    const b = await service.start(account.id);
    account.status = 'suspended';
    expect(await service.resolve(a.token)).toBeNull();
    account.status = 'active';
    expect(await service.endAll(account.id)).toBe(2);
    expect(await service.resolve(b.token)).toBeNull();
  });

  it('will not end another account’s session', async () => {
    const { session } = await service.start(account.id);
    await expect(service.end('someone-else', session.id)).rejects.toMatchObject({ status: 404 });
  });
});
