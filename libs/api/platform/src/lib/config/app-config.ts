import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EncryptionKey, parseEncryptionKeys } from '../crypto/token-cipher';
import type { ConfigContext, ConfigFragment } from './config-fragment';
import { configSchema, RawConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * All configuration, read and validated once at start-up. Nothing else reads the environment,
 * so a bad setting stops the process before it serves anything.
 */
export class AppConfig {
  private readonly raw: RawConfig;
  private readonly env: Readonly<Record<string, string>>;
  /** Every feature's settings read so far, by fragment. */
  private readonly fragments = new Map<symbol, unknown>();

  /**
   * `fragments` are the feature libs' settings (see config-fragment.ts): the processes pass every
   * lib's, so one bad value anywhere stops start-up with every problem listed at once. A fragment
   * not passed here is read the first time a module asks for it (tests build partial configs).
   */
  constructor(rawEnv: Record<string, string | undefined>, fragments: readonly ConfigFragment<unknown>[] = []) {
    // An empty variable means "not set", as in most shells' `VAR=` idiom.
    const env = Object.fromEntries(
      Object.entries(rawEnv).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''),
    );
    this.env = env;
    const shape = Object.assign({}, ...fragments.map((f) => f.shape)) as z.ZodRawShape;
    const parsed = configSchema.extend(shape).safeParse(env);
    if (!parsed.success) {
      throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
    }
    this.raw = parsed.data as RawConfig;
    this.encryptionKeys = this.readEncryptionKeys();
    if (!this.secureCookies && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(this.raw.PUBLIC_URL)) {
      throw new ConfigError(
        'PUBLIC_URL must be an https:// URL (plain http is only for localhost development): ' +
          'session cookies are Secure and __Host- prefixed.',
      );
    }
    if (this.isProduction && !this.secureCookies) {
      throw new ConfigError(
        'PUBLIC_URL must be an https:// URL in production (session cookies are Secure and __Host- prefixed).',
      );
    }
    const problems: string[] = [];
    for (const fragment of fragments) {
      try {
        this.fragments.set(fragment.token, fragment.read(parsed.data, this.context));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(err.message);
      }
    }
    if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  }

  private readonly encryptionKeys: readonly EncryptionKey[] | null;

  /** A feature's typed settings (validated at start-up when the process passed its fragment). */
  settings<T>(fragment: ConfigFragment<T>): T {
    if (!this.fragments.has(fragment.token)) {
      const parsed = z.object(fragment.shape).safeParse(this.env);
      if (!parsed.success) {
        throw new ConfigError(`Invalid configuration (${fragment.name}):\n${z.prettifyError(parsed.error)}`);
      }
      this.fragments.set(fragment.token, fragment.read(parsed.data, this.context));
    }
    return this.fragments.get(fragment.token) as T;
  }

  private get context(): ConfigContext {
    return { env: this.env, publicUrl: this.publicUrl, isProduction: this.isProduction };
  }

  /**
   * Production must be given its keys; the embedded default makes one under DATA_DIR on first
   * start, so a fresh clone needs no settings.
   */
  private readEncryptionKeys(): EncryptionKey[] | null {
    const spec = this.raw.TOKEN_ENCRYPTION_KEYS;
    if (spec) {
      try {
        return parseEncryptionKeys(spec);
      } catch (err) {
        throw new ConfigError(`TOKEN_ENCRYPTION_KEYS: ${(err as Error).message}`);
      }
    }
    if (this.isProduction) {
      throw new ConfigError(
        'TOKEN_ENCRYPTION_KEYS is required in production: id:base64key pairs, e.g. k1:$(openssl rand -base64 32)',
      );
    }
    return null;
  }

  /** The variables the platform and these fragments declare (besides those named after a provider). */
  static variableNames(fragments: readonly ConfigFragment<unknown>[]): string[] {
    return [...Object.keys(configSchema.shape), ...fragments.flatMap((f) => Object.keys(f.shape))];
  }

  static fromEnv(fragments: readonly ConfigFragment<unknown>[] = []): AppConfig {
    return new AppConfig(process.env, fragments);
  }

  get nodeEnv(): RawConfig['NODE_ENV'] {
    return this.raw.NODE_ENV;
  }
  get isProduction(): boolean {
    return this.raw.NODE_ENV === 'production';
  }
  get host(): string {
    return this.raw.HOST;
  }
  get port(): number {
    return this.raw.PORT;
  }
  get dataDir(): string {
    return resolve(this.raw.DATA_DIR);
  }
  get databaseUrl(): string | undefined {
    return this.raw.DATABASE_URL;
  }
  get redisUrl(): string | undefined {
    return this.raw.REDIS_URL;
  }
  get redisKeyPrefix(): string {
    return this.raw.REDIS_KEY_PREFIX;
  }
  get logLevel(): RawConfig['LOG_LEVEL'] {
    return this.raw.LOG_LEVEL;
  }
  get logDestination(): string {
    return this.raw.LOG_DESTINATION;
  }
  get bodyLimitBytes(): number {
    return this.raw.BODY_LIMIT;
  }
  get trustedProxies(): string[] {
    return this.raw.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  get publicUrl(): string {
    return this.raw.PUBLIC_URL.replace(/\/+$/, '');
  }
  /** Secure cookies need https; plain http is allowed only for local development. */
  get secureCookies(): boolean {
    return this.raw.PUBLIC_URL.startsWith('https://');
  }
  /** The configured keys, or a development key kept in DATA_DIR (created on first use). */
  get tokenEncryptionKeys(): readonly EncryptionKey[] {
    if (this.encryptionKeys) return this.encryptionKeys;
    const file = join(this.dataDir, 'token-encryption.key');
    if (!existsSync(file)) {
      mkdirSync(this.dataDir, { recursive: true });
      writeFileSync(file, `dev:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    }
    return parseEncryptionKeys(readFileSync(file, 'utf8'));
  }
}
