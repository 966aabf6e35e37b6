import { Logger } from '@nestjs/common';
import { AppConfig, sha256Hex } from '@vipcloud/platform';
import { accountsConfig } from '../accounts.config';
import { FakeClock } from '@vipcloud/platform/testing';
import {
  AccountInactiveError,
  ApiKeyNotFoundError,
  InvalidApiKeyError,
  MissingApiKeyError,
} from '../accounts/accounts.errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { AccountEntity, AccountStatus } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { ApiKeysRepository, KeyWithAccount } from './api-keys.repository';
import { ApiKeyInvalidation } from './api-key-invalidation.service';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';

const TTL_MS = 5_000;

class FakeAccountsRepository {
  readonly rows: AccountEntity[] = [];
  async insert(a: AccountEntity): Promise<void> {
    this.rows.push(a);
  }
  async findById(id: string): Promise<AccountEntity | null> {
    return this.rows.find((a) => a.id === id) ?? null;
  }
  async findByEmail(email: string): Promise<AccountEntity | null> {
    return this.rows.find((a) => a.email === email) ?? null;
  }
  async list(): Promise<AccountEntity[]> {
    return [...this.rows];
  }
}

class FakeApiKeysRepository {
  readonly rows: ApiKeyEntity[] = [];
  readonly lookups: string[] = [];
  readonly touches: Array<{ id: string; at: Date }> = [];
  failTouch = false;

  constructor(private readonly accounts: FakeAccountsRepository) {}

  async insert(key: ApiKeyEntity): Promise<void> {
    this.rows.push({ ...key });
  }

  async insertWithinCap(key: ApiKeyEntity, cap: number, now: Date): Promise<boolean> {
    const usable = this.rows.filter(
      (k) => k.accountId === key.accountId && !k.revokedAt && (!k.expiresAt || k.expiresAt > now),
    ).length;
    if (usable >= cap) return false;
    await this.insert(key);
    return true;
  }
  async findActiveByHash(keyHash: string): Promise<KeyWithAccount | null> {
    this.lookups.push(keyHash);
    const key = this.rows.find((k) => k.keyHash === keyHash && k.revokedAt === null);
    if (!key) return null;
    const account = await this.accounts.findById(key.accountId);
    return account ? { key, account } : null;
  }
  async findById(id: string): Promise<ApiKeyEntity | null> {
    return this.rows.find((k) => k.id === id) ?? null;
  }
  async findByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.rows.filter((k) => k.prefix === prefix);
  }
  async list(accountId?: string): Promise<ApiKeyEntity[]> {
    return this.rows.filter((k) => !accountId || k.accountId === accountId);
  }
  async revoke(id: string, at: Date): Promise<boolean> {
    const key = this.rows.find((k) => k.id === id && k.revokedAt === null);
    if (!key) return false;
    key.revokedAt = at;
    return true;
  }
  async touch(id: string, at: Date): Promise<void> {
    if (this.failTouch) throw new Error('database is down');
    this.touches.push({ id, at });
  }
}

describe('ApiKeysService', () => {
  let clock: FakeClock;
  let accountsRepo: FakeAccountsRepository;
  let keysRepo: FakeApiKeysRepository;
  let accounts: AccountsService;
  let service: ApiKeysService;
  let account: AccountEntity;

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  beforeEach(async () => {
    clock = new FakeClock();
    accountsRepo = new FakeAccountsRepository();
    keysRepo = new FakeApiKeysRepository(accountsRepo);
    accounts = new AccountsService(accountsRepo as unknown as AccountsRepository, clock);
    service = new ApiKeysService(
      keysRepo as unknown as ApiKeysRepository,
      accounts,
      clock,
      new AppConfig({ API_KEY_CACHE_TTL_MS: String(TTL_MS) }).settings(accountsConfig),
      new ApiKeyInvalidation(new AppConfig({}), null),
    );
    account = await accounts.create('Dev@Example.com');
  });

  function setStatus(status: AccountStatus): void {
    accountsRepo.rows[0].status = status;
  }

  async function rejection(p: Promise<unknown>): Promise<{ status: number; code: string | null; type: string }> {
    try {
      await p;
    } catch (err) {
      return err as { status: number; code: string | null; type: string };
    }
    throw new Error('expected a rejection');
  }

  describe('create', () => {
    it('returns a secret that starts with vc- and is otherwise base62', async () => {
      const { secret } = await service.create(account.id);
      expect(API_KEY_PREFIX).toBe('vc-');
      expect(secret.startsWith('vc-')).toBe(true);
      expect(secret).toMatch(/^vc-[0-9A-Za-z]{48}$/);
    });

    it('stores only the SHA-256 of the secret, and a short display prefix', async () => {
      const { secret, key } = await service.create(account.id, { name: 'ci' });
      expect(keysRepo.rows).toHaveLength(1);
      const stored = keysRepo.rows[0];
      expect(stored.keyHash).toBe(sha256Hex(secret));
      expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.prefix).toBe(secret.slice(0, 11));
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(JSON.stringify(stored)).not.toContain(secret.slice(11));
      expect(stored).toMatchObject({
        accountId: account.id,
        name: 'ci',
        createdAt: clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(key.id).toBe(stored.id);
    });

    it('finds the account by email and makes a different secret each time', async () => {
      const a = await service.create('dev@example.com');
      const b = await service.create(account.id);
      expect(a.key.accountId).toBe(account.id);
      expect(a.secret).not.toBe(b.secret);
    });

    it('rejects an unknown account', async () => {
      await expect(service.create('nobody@example.com')).rejects.toMatchObject({
        status: 404,
        code: 'account_not_found',
      });
    });
  });

  describe('authenticate', () => {
    it('returns the key and account of a valid secret, looked up by its hash', async () => {
      const { secret, key } = await service.create(account.id);
      await expect(service.authenticate(secret)).resolves.toEqual({
        keyId: key.id,
        accountId: account.id,
        expiresAtMs: null,
        allowedModels: null,
      });
      expect(keysRepo.lookups).toEqual([sha256Hex(secret)]);
    });

    it('refuses a key from the instant it expires, even while its lookup is cached', async () => {
      const { secret } = await service.create(account.id, { expiresAt: new Date(clock.nowMs() + 1000) });
      await expect(service.authenticate(secret)).resolves.toMatchObject({ expiresAtMs: clock.nowMs() + 1000 });
      clock.advance(1000);
      await expect(service.authenticate(secret)).rejects.toMatchObject({ status: 401, code: 'api_key_expired' });
      expect(keysRepo.lookups).toHaveLength(1);
    });

    it('caches the result for the TTL and looks it up again after', async () => {
      const { secret } = await service.create(account.id);
      await service.authenticate(secret);
      await service.authenticate(secret);
      clock.advance(TTL_MS - 1);
      await service.authenticate(secret);
      expect(keysRepo.lookups).toHaveLength(1);
      clock.advance(1);
      await service.authenticate(secret);
      expect(keysRepo.lookups).toHaveLength(2);
      await service.authenticate(secret);
      expect(keysRepo.lookups).toHaveLength(2);
    });

    it('sees a revocation made elsewhere once the TTL has passed', async () => {
      const { secret, key } = await service.create(account.id);
      await service.authenticate(secret);
      // Another instance revokes the key: this one still has it cached.
      await keysRepo.revoke(key.id, clock.now());
      clock.advance(TTL_MS - 1);
      await expect(service.authenticate(secret)).resolves.toMatchObject({ keyId: key.id });
      clock.advance(1);
      const err = await rejection(service.authenticate(secret));
      expect(err).toBeInstanceOf(InvalidApiKeyError);
      expect(err).toMatchObject({ status: 401, code: 'invalid_api_key' });
    });

    it('sees its own revocation at once', async () => {
      const { secret, key } = await service.create(account.id);
      await service.authenticate(secret);
      const revoked = await service.revoke(key.id);
      expect(revoked.revokedAt).toEqual(clock.now());
      await expect(service.authenticate(secret)).rejects.toBeInstanceOf(InvalidApiKeyError);
    });

    it.each([[undefined], ['']])('rejects a missing key (%j) with MissingApiKeyError (401)', async (presented) => {
      const err = await rejection(service.authenticate(presented));
      expect(err).toBeInstanceOf(MissingApiKeyError);
      expect(err).toMatchObject({ status: 401, code: 'missing_api_key' });
      expect(keysRepo.lookups).toEqual([]);
    });

    it('rejects an unknown key with 401 invalid_api_key, and caches that too', async () => {
      const err = await rejection(service.authenticate('vc-unknown'));
      expect(err).toBeInstanceOf(InvalidApiKeyError);
      expect(err).toMatchObject({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
      await expect(service.authenticate('vc-unknown')).rejects.toBeInstanceOf(InvalidApiKeyError);
      expect(keysRepo.lookups).toHaveLength(1);
    });

    it('bounds the lookups of unknown keys per client network, before any database read', async () => {
      // The default budget: 60 misses a minute per network.
      for (let i = 0; i < 60; i++)
        await expect(service.authenticate(`vc-guess-${i}`, '203.0.113.0/24')).rejects.toBeInstanceOf(
          InvalidApiKeyError,
        );
      expect(keysRepo.lookups).toHaveLength(60);
      const err = await rejection(service.authenticate('vc-guess-60', '203.0.113.0/24'));
      expect(err).toMatchObject({ status: 429, type: 'rate_limit_exceeded', code: 'too_many_invalid_keys' });
      expect((err as unknown as { headers: Record<string, string> }).headers['retry-after']).toBe('1');
      expect(keysRepo.lookups).toHaveLength(60);
      // Another network is not held back; and a minute's sixtieth later the first may look one up again.
      await expect(service.authenticate('vc-guess-x', '198.51.100.0/24')).rejects.toBeInstanceOf(InvalidApiKeyError);
      clock.advance(1_000);
      await expect(service.authenticate('vc-guess-61', '203.0.113.0/24')).rejects.toBeInstanceOf(InvalidApiKeyError);
    });

    it('keeps to the bound when unknown keys arrive all at once, and does not count valid keys', async () => {
      const { secret } = await service.create(account.id);
      await service.authenticate(secret, '192.0.2.0/24');
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => rejection(service.authenticate(`vc-burst-${i}`, '192.0.2.0/24'))),
      );
      expect(answers.filter((e) => e instanceof InvalidApiKeyError)).toHaveLength(60);
      expect(answers.filter((e) => (e as { code?: string }).code === 'too_many_invalid_keys')).toHaveLength(40);
      expect(keysRepo.lookups).toHaveLength(61);
    });

    it('keeps answering a valid key from its cache while its network sprays unknown ones', async () => {
      const { secret } = await service.create(account.id);
      await service.authenticate(secret, '203.0.113.0/24');
      // More unknown keys than the cache holds: they cannot push the valid one out.
      for (let i = 0; i < 10_050; i++) await service.authenticate(`vc-spray-${i}`, null).catch(() => undefined);
      const lookups = keysRepo.lookups.length;
      await expect(service.authenticate(secret, '203.0.113.0/24')).resolves.toMatchObject({ accountId: account.id });
      expect(keysRepo.lookups).toHaveLength(lookups);
    });

    it('looks a rejected key up again once the TTL has passed', async () => {
      const { secret } = await service.create(account.id);
      const hash = keysRepo.rows[0].keyHash;
      keysRepo.rows[0].keyHash = 'other';
      await expect(service.authenticate(secret)).rejects.toBeInstanceOf(InvalidApiKeyError);
      keysRepo.rows[0].keyHash = hash;
      clock.advance(TTL_MS);
      await expect(service.authenticate(secret)).resolves.toMatchObject({ accountId: account.id });
    });

    it('rejects a key of a suspended account with 403', async () => {
      const { secret } = await service.create(account.id);
      setStatus('suspended');
      const err = await rejection(service.authenticate(secret));
      expect(err).toBeInstanceOf(AccountInactiveError);
      expect(err).toMatchObject({ status: 403, type: 'permission_error', code: 'account_inactive' });
    });

    it('rejects a key of a closed account as unknown (401)', async () => {
      const { secret } = await service.create(account.id);
      setStatus('closed');
      const err = await rejection(service.authenticate(secret));
      expect(err).toBeInstanceOf(InvalidApiKeyError);
      expect(err).toMatchObject({ status: 401, code: 'invalid_api_key' });
    });

    it('sees a closure, and a reopening, at once after forgetCachedKeys', async () => {
      const { secret } = await service.create(account.id);
      await service.authenticate(secret);
      setStatus('closed');
      await service.forgetCachedKeys();
      await expect(service.authenticate(secret)).rejects.toBeInstanceOf(InvalidApiKeyError);
      setStatus('active');
      await service.forgetCachedKeys();
      await expect(service.authenticate(secret)).resolves.toMatchObject({ accountId: account.id });
    });

    it('does not cache a lookup that an invalidation overtook', async () => {
      const { secret } = await service.create(account.id);
      const find = keysRepo.findActiveByHash.bind(keysRepo);
      // The lookup reads the account while it is active; the closure and its invalidation land
      // before the lookup's answer is cached.
      jest.spyOn(keysRepo, 'findActiveByHash').mockImplementationOnce(async (hash) => {
        const found = await find(hash);
        const read = found && { key: found.key, account: { ...found.account } };
        setStatus('closed');
        await service.forgetCachedKeys();
        return read;
      });
      await expect(service.authenticate(secret)).resolves.toBeDefined();
      await expect(service.authenticate(secret)).rejects.toBeInstanceOf(InvalidApiKeyError);
    });

    it('sees a suspension once the TTL has passed', async () => {
      const { secret } = await service.create(account.id);
      await service.authenticate(secret);
      setStatus('suspended');
      await expect(service.authenticate(secret)).resolves.toBeDefined();
      clock.advance(TTL_MS);
      await expect(service.authenticate(secret)).rejects.toMatchObject({ status: 403 });
    });

    it('records last use at most once a minute per key', async () => {
      const { secret, key } = await service.create(account.id);
      await service.authenticate(secret);
      clock.advance(30_000);
      await service.authenticate(secret);
      expect(keysRepo.touches).toEqual([{ id: key.id, at: new Date('2026-01-01T00:00:00Z') }]);
      clock.advance(30_000);
      await service.authenticate(secret);
      expect(keysRepo.touches).toHaveLength(2);
      expect(keysRepo.touches[1].at).toEqual(clock.now());
    });

    it('still authenticates when recording last use fails', async () => {
      const { secret } = await service.create(account.id);
      keysRepo.failTouch = true;
      await expect(service.authenticate(secret)).resolves.toMatchObject({ accountId: account.id });
      await new Promise((r) => setImmediate(r));
    });
  });

  describe('revoke', () => {
    it('revokes by the displayed prefix', async () => {
      const { key } = await service.create(account.id);
      const revoked = await service.revoke(key.prefix);
      expect(revoked.id).toBe(key.id);
      expect(revoked.revokedAt).not.toBeNull();
    });

    it('refuses an unknown or ambiguous reference', async () => {
      const a = await service.create(account.id);
      const b = await service.create(account.id);
      keysRepo.rows[1].prefix = a.key.prefix;
      await expect(service.revoke('nope')).rejects.toBeInstanceOf(ApiKeyNotFoundError);
      await expect(service.revoke(a.key.prefix)).rejects.toMatchObject({ status: 404, code: 'api_key_not_found' });
      expect(b.key.revokedAt).toBeNull();
    });
  });

  it('lists the keys of one account or of all', async () => {
    const other = await accounts.create('other@example.com');
    await service.create(account.id);
    await service.create(other.id);
    expect(await service.list()).toHaveLength(2);
    expect((await service.list('other@example.com')).map((k) => k.accountId)).toEqual([other.id]);
  });
});
