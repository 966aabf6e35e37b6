import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EncryptionKey, parseEncryptionKeys } from '../crypto/token-cipher';
import { configSchema, PROVIDER_ENV_PREFIXES, PROVIDER_IDS, ProviderId, RawConfig } from './config.schema';

export type OAuthProviderId = 'github' | 'google';

export interface OAuthSettings {
  readonly provider: OAuthProviderId;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  /** Overrides of the provider's endpoints (tests point them at a local server). */
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly userProfileUrl?: string;
  readonly userEmailUrl?: string;
}

export interface PaddleSettings {
  readonly apiKey: string | null;
  readonly environment: 'sandbox' | 'production';
  /** Overrides the API host (tests point it at a local server). */
  readonly apiUrl: string | null;
  /** Every secret a notification may be signed with (several during rotation). */
  readonly webhookSecrets: readonly string[];
  readonly webhookToleranceSeconds: number;
}

export interface ProviderSettings {
  readonly id: ProviderId;
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
}

/** The real upstream hosts; each is overridable with `<PREFIX>_BASE_URL`. */
const DEFAULT_BASE_URLS: Record<ProviderId, string | undefined> = {
  deepseek: 'https://api.deepseek.com',
  moonshot: 'https://api.moonshot.ai/v1',
  'moonshot-cn': 'https://api.moonshot.cn/v1',
  zhipu: 'https://open.bigmodel.cn/api/paas/v4',
  zai: 'https://api.z.ai/api/paas/v4',
  minimax: 'https://api.minimax.io/v1',
  'minimax-cn': 'https://api.minimaxi.com/v1',
  'openai-compatible': undefined,
};

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
  private readonly providerSettings: readonly ProviderSettings[];

  constructor(rawEnv: Record<string, string | undefined>) {
    // An empty variable means "not set", as in most shells' `VAR=` idiom.
    const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v.trim() !== ''));
    const parsed = configSchema.safeParse(env);
    if (!parsed.success) {
      throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
    }
    this.raw = parsed.data;
    this.providerSettings = AppConfig.readProviders(env);
    this.encryptionKeys = this.readEncryptionKeys();
    this.oauthSettings = this.readOAuth(env);
    if (!this.secureCookies && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(this.raw.PUBLIC_URL)) {
      throw new ConfigError('PUBLIC_URL must be an https:// URL (plain http is only for localhost development): session cookies are Secure and __Host- prefixed.');
    }
    if (this.isProduction && !this.secureCookies) {
      throw new ConfigError('PUBLIC_URL must be an https:// URL in production (session cookies are Secure and __Host- prefixed).');
    }
  }

  private readonly encryptionKeys: readonly EncryptionKey[] | null;
  private readonly oauthSettings: readonly OAuthSettings[];

  /** A sign-in provider is offered only when its client id is set; then its secret is required. */
  private readOAuth(env: Record<string, string | undefined>): OAuthSettings[] {
    const out: OAuthSettings[] = [];
    for (const provider of ['github', 'google'] as const) {
      const prefix = provider.toUpperCase();
      const clientId = env[`${prefix}_CLIENT_ID`]?.trim();
      if (!clientId) continue;
      const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim();
      if (!clientSecret) throw new ConfigError(`${prefix}_CLIENT_SECRET is required when ${prefix}_CLIENT_ID is set`);
      const url = (name: string): string | undefined => {
        const v = env[`${prefix}_${name}`]?.trim();
        if (v && !/^https?:\/\//.test(v)) throw new ConfigError(`${prefix}_${name} must be an http(s) URL`);
        return v || undefined;
      };
      out.push({
        provider,
        clientId,
        clientSecret,
        callbackUrl: url('CALLBACK_URL') ?? `${this.publicUrl}/auth/${provider}/callback`,
        authorizationUrl: url('AUTHORIZATION_URL'),
        tokenUrl: url('TOKEN_URL'),
        userProfileUrl: url('USER_PROFILE_URL'),
        userEmailUrl: provider === 'github' ? url('USER_EMAIL_URL') : undefined,
      });
    }
    return out;
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
      throw new ConfigError('TOKEN_ENCRYPTION_KEYS is required in production: id:base64key pairs, e.g. k1:$(openssl rand -base64 32)');
    }
    return null;
  }

  static fromEnv(): AppConfig {
    return new AppConfig(process.env);
  }

  private static readProviders(env: Record<string, string | undefined>): ProviderSettings[] {
    const out: ProviderSettings[] = [];
    for (const id of PROVIDER_IDS) {
      const prefix = PROVIDER_ENV_PREFIXES[id];
      const keys = (env[`${prefix}_API_KEY`] ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k.length > 0);
      const baseUrl = env[`${prefix}_BASE_URL`]?.trim() || DEFAULT_BASE_URLS[id];
      if (keys.length === 0) {
        // Self-hosted OpenAI-compatible servers (Ollama, vLLM) often need no key at all.
        if (id === 'openai-compatible' && env[`${prefix}_BASE_URL`]) keys.push('');
        else continue;
      }
      if (!baseUrl) throw new ConfigError(`${prefix}_BASE_URL is required when ${prefix}_API_KEY is set`);
      if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError(`${prefix}_BASE_URL must be an http(s) URL`);
      out.push({ id, baseUrl: baseUrl.replace(/\/+$/, ''), apiKeys: keys });
    }
    return out;
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
  get modelCatalogPath(): string | undefined {
    return this.raw.MODEL_CATALOG_PATH;
  }
  get upstreamConnectTimeoutMs(): number {
    return this.raw.UPSTREAM_CONNECT_TIMEOUT_MS;
  }
  get upstreamHeadersTimeoutMs(): number {
    return this.raw.UPSTREAM_HEADERS_TIMEOUT_MS;
  }
  get upstreamIdleTimeoutMs(): number {
    return this.raw.UPSTREAM_IDLE_TIMEOUT_MS;
  }
  get routeCooldownMs(): number {
    return this.raw.ROUTE_COOLDOWN_MS;
  }
  get routeTransientCooldownMs(): number {
    return this.raw.ROUTE_TRANSIENT_COOLDOWN_MS;
  }
  get publicUrl(): string {
    return this.raw.PUBLIC_URL.replace(/\/+$/, '');
  }
  /** Secure cookies need https; plain http is allowed only for local development. */
  get secureCookies(): boolean {
    return this.raw.PUBLIC_URL.startsWith('https://');
  }
  get sessionIdleTimeoutMs(): number {
    return this.raw.SESSION_IDLE_TIMEOUT_MS;
  }
  get sessionAbsoluteTimeoutMs(): number {
    return this.raw.SESSION_ABSOLUTE_TIMEOUT_MS;
  }
  get routeStateCacheMs(): number {
    return this.raw.ROUTE_STATE_CACHE_MS;
  }
  get apiKeysPerAccount(): number {
    return this.raw.API_KEYS_PER_ACCOUNT;
  }
  get apiKeyCacheTtlMs(): number {
    return this.raw.API_KEY_CACHE_TTL_MS;
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

  get oauthProviders(): readonly OAuthSettings[] {
    return this.oauthSettings;
  }
  get termsVersion(): string {
    return this.raw.TERMS_VERSION;
  }
  get holdTtlMs(): number {
    return this.raw.HOLD_TTL_MS;
  }
  get holdSweepEveryMs(): number {
    return this.raw.HOLD_SWEEP_EVERY_MS;
  }
  get reconcileEveryMs(): number {
    return this.raw.RECONCILE_EVERY_MS;
  }
  get priceCacheMs(): number {
    return this.raw.PRICE_CACHE_MS;
  }
  /** Paddle settings, or null when checkout is not configured. */
  get paddle(): PaddleSettings | null {
    const secrets = (this.raw.PADDLE_WEBHOOK_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!this.raw.PADDLE_API_KEY && secrets.length === 0) return null;
    return {
      apiKey: this.raw.PADDLE_API_KEY ?? null,
      environment: this.raw.PADDLE_ENVIRONMENT,
      apiUrl: this.raw.PADDLE_API_URL ?? null,
      webhookSecrets: secrets,
      webhookToleranceSeconds: this.raw.PADDLE_WEBHOOK_TOLERANCE_S,
    };
  }
  get smtpUrl(): string | undefined {
    return this.raw.SMTP_URL;
  }
  get mailFrom(): string {
    return this.raw.MAIL_FROM;
  }
  get providers(): readonly ProviderSettings[] {
    return this.providerSettings;
  }
}
