import { z } from 'zod';

/** Upstream providers we can route to; each has `<PREFIX>_API_KEY` and `<PREFIX>_BASE_URL`. */
export const PROVIDER_ENV_PREFIXES = {
  deepseek: 'DEEPSEEK',
  moonshot: 'MOONSHOT',
  'moonshot-cn': 'MOONSHOT_CN',
  zhipu: 'ZHIPU',
  zai: 'ZAI',
  minimax: 'MINIMAX',
  'minimax-cn': 'MINIMAX_CN',
  'openai-compatible': 'OPENAI_COMPATIBLE',
} as const;

export type ProviderId = keyof typeof PROVIDER_ENV_PREFIXES;
export const PROVIDER_IDS = Object.keys(PROVIDER_ENV_PREFIXES) as ProviderId[];

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

const byteSize = z
  .string()
  .trim()
  .regex(/^\d+(b|kb|mb)?$/i, 'a size such as 10mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+)(b|kb|mb)?$/i.exec(v) as RegExpExecArray;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  });

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^(mysql|mariadb):\/\//, 'DATABASE_URL must be a mysql:// or mariadb:// URL')
        .optional(),
    ),
    REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL').optional()),
    /** Namespace for every Redis key and BullMQ queue, so several deployments can share a Redis. */
    REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('vipcloud'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where log lines go: "stdout" or a file path. */
    LOG_DESTINATION: z.string().default('stdout'),
    BODY_LIMIT: byteSize.default(10 * 1024 * 1024),
    /** Comma-separated addresses/CIDRs (or express keywords such as "loopback") whose X-Forwarded-For we trust. */
    TRUSTED_PROXIES: z.string().default(''),
    MODEL_CATALOG_PATH: optionalString,
    /** AES-256-GCM keys for stored OAuth tokens: `id:base64key`, comma-separated, oldest first. */
    TOKEN_ENCRYPTION_KEYS: optionalString,
    UPSTREAM_CONNECT_TIMEOUT_MS: positiveInt(10_000),
    UPSTREAM_HEADERS_TIMEOUT_MS: positiveInt(600_000),
    /** A stream with no data event (keep-alive comments excluded) for this long is ended with an error. */
    UPSTREAM_IDLE_TIMEOUT_MS: positiveInt(120_000),
    /** How long a route whose credentials or balance were refused upstream is skipped. */
    ROUTE_COOLDOWN_MS: positiveInt(60_000),
    /** How long a route that was overloaded, rate limited or failed with a 5xx is skipped. */
    ROUTE_TRANSIENT_COOLDOWN_MS: positiveInt(5_000),
    API_KEY_CACHE_TTL_MS: positiveInt(5_000),
    /** How long an instance trusts its last read of route cool-downs (0: read the shared store every request). */
    ROUTE_STATE_CACHE_MS: z.coerce.number().int().min(0).default(250),
    /** Most API keys an account may hold at once (revoked and expired keys do not count). */
    API_KEYS_PER_ACCOUNT: positiveInt(50),
    /** Where users reach the portal; https makes the session cookie `__Host-` and Secure. */
    PUBLIC_URL: z.string().url().default('http://localhost:3000'),
    /** The Terms of Service version sign-up must accept. */
    TERMS_VERSION: z.string().min(1).default('2026-04-26'),
    /** A portal session with no activity for this long ends. Default 7 days. */
    SESSION_IDLE_TIMEOUT_MS: positiveInt(7 * 24 * 3600 * 1000),
    /** A portal session ends this long after sign-in, however active. Default 30 days. */
    SESSION_ABSOLUTE_TIMEOUT_MS: positiveInt(30 * 24 * 3600 * 1000),
    /** A credit hold older than this belongs to a request whose instance died; a job releases it. Default 1 hour. */
    HOLD_TTL_MS: positiveInt(60 * 60_000),
    /** How often the hold sweeper and the ledger reconciliation run. */
    HOLD_SWEEP_EVERY_MS: positiveInt(5 * 60_000),
    RECONCILE_EVERY_MS: positiveInt(60 * 60_000),
    /** How long an instance trusts its last read of operators' model price edits. */
    PRICE_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
    /** Paddle (merchant of record). Checkout is offered only when PADDLE_API_KEY is set. */
    PADDLE_API_KEY: optionalString,
    PADDLE_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
    /** Overrides the Paddle API host (tests point it at a local server). */
    PADDLE_API_URL: optionalString.pipe(z.string().regex(/^https?:\/\//, 'PADDLE_API_URL must be an http(s) URL').optional()),
    /** Notification destination secrets, comma-separated; several are accepted while one is rotated. */
    PADDLE_WEBHOOK_SECRETS: optionalString,
    /** How old a signed webhook may be before it is refused as a replay. */
    PADDLE_WEBHOOK_TOLERANCE_S: positiveInt(300),
    /** Outgoing email: an smtp(s):// URL; without it, mail is written as .eml files to DATA_DIR/outbox. */
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL').optional()),
    MAIL_FROM: z.string().default('VIPCloud <no-reply@vipcloud.dev>'),
  })
  .passthrough();

export type RawConfig = z.infer<typeof configSchema>;
