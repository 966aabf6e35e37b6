import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, randomBase62, sha256Hex } from '@vipcloud/platform';
import { AccountsConfig, InjectAccountsConfig } from '../accounts.config';
import { ApiKeyEntity } from '../entities/api-key.entity';
import {
  AccountInactiveError,
  ApiKeyExpiredError,
  ApiKeyLimitError,
  ApiKeyNotFoundError,
  InvalidApiKeyError,
  InvalidKeyOptionsError,
  MissingApiKeyError,
  ModelNotAllowedError,
  TooManyInvalidKeysError,
} from '../accounts/accounts.errors';

function keyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100)
    throw new InvalidKeyOptionsError('A key needs a name of 1 to 100 characters.', 'name');
  return trimmed;
}

/** The gateway's check that a key may call a model (403 in OpenAI's shape otherwise). */
export function assertModelAllowed(key: AuthenticatedKey, model: string): void {
  if (key.allowedModels && !key.allowedModels.includes(model)) throw new ModelNotAllowedError(model);
}
import { AccountsService } from '../accounts/accounts.service';
import { ApiKeyInvalidation } from './api-key-invalidation.service';
import { ApiKeysRepository } from './api-keys.repository';
import { UnknownKeyBudget } from './unknown-key-budget';

export const API_KEY_PREFIX = 'vc-';
const SECRET_LENGTH = 48; // 48 base62 characters ≈ 285 bits
const DISPLAY_PREFIX_LENGTH = 11; // "vc-" and 8 characters
const TOUCH_INTERVAL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

/** What the gateway learns about the caller from a valid key. */
export interface AuthenticatedKey {
  keyId: string;
  accountId: string;
  /** Epoch ms after which the key stops working, or null. */
  expiresAtMs: number | null;
  /** Model ids the key may call, or null for all. */
  allowedModels: readonly string[] | null;
}

export interface CreateKeyOptions {
  name?: string;
  expiresAt?: Date | null;
  allowedModels?: string[] | null;
}

export interface CreatedApiKey {
  key: ApiKeyEntity;
  /** The full secret: returned once, never stored. */
  secret: string;
}

interface CacheEntry {
  value: AuthenticatedKey;
  expiresAt: number;
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeysService');
  // Per-instance cache with a short TTL (default 5 s), so a key costs no database read on every
  // request. Revocations, closures and suspensions clear it on every instance at once (see
  // ApiKeyInvalidation); the TTL bounds what a lost invalidation message can cost.
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Hashes that matched no usable key, for the same TTL, apart from the valid ones: a spray of random keys
   * fills only this map and cannot evict a valid key from `cache`.
   */
  private readonly unknown = new Map<string, number>();
  private readonly misses: UnknownKeyBudget;
  private readonly lastTouched = new Map<string, number>();
  /**
   * Bumped at each invalidation: a lookup that started before one may have read the old state and
   * is not cached (else a closure racing a request could leave a working key in the cache).
   */
  private generation = 0;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
    @InjectAccountsConfig() private readonly config: AccountsConfig,
    private readonly invalidation: ApiKeyInvalidation,
  ) {
    this.misses = new UnknownKeyBudget(config.apiKeyMissesPerMinute, () => clock.nowMs());
    invalidation.onInvalidate(() => {
      this.generation++;
      this.cache.clear();
      // A reopened account's keys work again: no hash stays known as unknown.
      this.unknown.clear();
    });
  }

  /**
   * Every instance stops using what it cached about keys: for changes that refuse or accept an
   * account's keys (closing, reopening, suspending), effective once this resolves.
   */
  forgetCachedKeys(): Promise<void> {
    return this.invalidation.invalidateEverywhere();
  }

  async create(accountRef: string, options: CreateKeyOptions = {}): Promise<CreatedApiKey> {
    const { name = 'default', expiresAt = null, allowedModels = null } = options;
    if (expiresAt && expiresAt.getTime() <= this.clock.nowMs())
      throw new InvalidKeyOptionsError('The expiry must be in the future.', 'expiresAt');
    if (allowedModels && (allowedModels.length === 0 || allowedModels.some((m) => !m.trim()))) {
      throw new InvalidKeyOptionsError(
        'The model allow-list must name at least one model, or be left out to allow all.',
        'allowedModels',
      );
    }
    const trimmedName = keyName(name);
    const account = await this.accounts.resolve(accountRef);
    const secret = `${API_KEY_PREFIX}${randomBase62(SECRET_LENGTH)}`;
    const key = Object.assign(new ApiKeyEntity(), {
      id: randomUUID(),
      accountId: account.id,
      name: trimmedName,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: sha256Hex(secret),
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
      expiresAt,
      allowedModels: allowedModels ? [...new Set(allowedModels.map((m) => m.trim()))] : null,
    });
    // TypeORM writes generated values back into what it inserts (on MySQL it resets the JSON
    // column to its default); insert a copy so the caller gets exactly what was stored.
    if (
      !(await this.keys.insertWithinCap(
        Object.assign(new ApiKeyEntity(), key),
        this.config.apiKeysPerAccount,
        this.clock.now(),
      ))
    ) {
      throw new ApiKeyLimitError(this.config.apiKeysPerAccount);
    }
    return { key, secret };
  }

  async list(accountRef?: string): Promise<ApiKeyEntity[]> {
    const accountId = accountRef ? (await this.accounts.resolve(accountRef)).id : undefined;
    return this.keys.list(accountId);
  }

  /** The names of some of an account's keys, revoked or expired ones included; another account's ids are ignored. */
  async namesOf(accountId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.keys.namesOf(accountId, ids)).map((k) => [k.id, k.name]));
  }

  /** One of the account's own keys; another account's key is simply not found. */
  private async own(accountId: string, id: string): Promise<ApiKeyEntity> {
    const key = await this.keys.findById(id);
    if (!key || key.accountId !== accountId) throw new ApiKeyNotFoundError(id);
    return key;
  }

  async renameOwn(accountId: string, id: string, name: string): Promise<ApiKeyEntity> {
    const key = await this.own(accountId, id);
    const trimmed = keyName(name);
    await this.keys.rename(id, trimmed);
    return { ...key, name: trimmed };
  }

  async revokeOwn(accountId: string, id: string): Promise<ApiKeyEntity> {
    await this.own(accountId, id);
    return this.revoke(id);
  }

  /** The key a displayed prefix names (`vc-` and 8 characters), when exactly one does: for abuse reports. */
  async keyByPrefix(prefix: string): Promise<{ keyId: string; accountId: string } | null> {
    const matches = await this.keys.findByPrefix(prefix);
    return matches.length === 1 ? { keyId: matches[0].id, accountId: matches[0].accountId } : null;
  }

  /** Revokes by id or by the displayed prefix. */
  async revoke(ref: string): Promise<ApiKeyEntity> {
    const byId = await this.keys.findById(ref);
    const matches = byId ? [byId] : await this.keys.findByPrefix(ref);
    if (matches.length !== 1) throw new ApiKeyNotFoundError(ref);
    const key = matches[0];
    await this.keys.revoke(key.id, this.clock.now());
    await this.forgetCachedKeys();
    return (await this.keys.findById(key.id)) as ApiKeyEntity;
  }

  /**
   * The hot path: hash, cached lookup, status check. `network` (the caller's truncated IP) bounds how many
   * unknown keys it can make us look up in the database (see UnknownKeyBudget).
   */
  async authenticate(presented: string | undefined, network: string | null = null): Promise<AuthenticatedKey> {
    if (!presented) throw new MissingApiKeyError();
    const hash = sha256Hex(presented);
    const now = this.clock.nowMs();
    let entry = this.cache.get(hash);
    if (!entry || entry.expiresAt <= now) {
      if ((this.unknown.get(hash) ?? 0) > now) throw new InvalidApiKeyError();
      if (network !== null) {
        const waitMs = this.misses.waitMs(network);
        if (waitMs > 0) throw new TooManyInvalidKeysError(Math.ceil(waitMs / 1000));
        this.misses.spend(network);
      }
      const generation = this.generation;
      const value = await this.lookup(hash);
      const expiresAt = now + this.config.apiKeyCacheTtlMs;
      if (!value) {
        if (generation === this.generation) remember(this.unknown, hash, expiresAt);
        throw new InvalidApiKeyError();
      }
      if (network !== null) this.misses.refund(network);
      entry = { value, expiresAt };
      if (generation === this.generation) remember(this.cache, hash, entry);
    }
    // Checked on every request, not cached: an expiry takes effect to the millisecond.
    if (entry.value.expiresAtMs !== null && entry.value.expiresAtMs <= now) throw new ApiKeyExpiredError();
    this.touch(entry.value.keyId, now);
    return entry.value;
  }

  private async lookup(hash: string): Promise<AuthenticatedKey | null> {
    const found = await this.keys.findActiveByHash(hash);
    if (!found) return null;
    // A closed account's keys are as good as gone (they work again only if its owner reopens it).
    if (found.account.status === 'closed') return null;
    if (found.account.status !== 'active') throw new AccountInactiveError();
    return {
      keyId: found.key.id,
      accountId: found.account.id,
      expiresAtMs: found.key.expiresAt ? found.key.expiresAt.getTime() : null,
      allowedModels: found.key.allowedModels,
    };
  }

  /** Records "last used" at most once a minute per key, off the request's critical path. */
  private touch(keyId: string, now: number): void {
    const last = this.lastTouched.get(keyId) ?? 0;
    if (now - last < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    this.keys.touch(keyId, new Date(now)).catch((err: unknown) => {
      this.logger.warn(`could not record key use: ${err instanceof Error ? err.name : 'error'}`);
    });
  }
}

/** Sets an entry in a bounded cache, dropping the oldest when it is full. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_MAX_ENTRIES && !cache.has(key)) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
