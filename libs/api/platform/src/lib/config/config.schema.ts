import { z } from 'zod';

/** An empty string means "not set". */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

/** Value rules shared by every lib's settings fragment. */
export const configValues = {
  optionalString,
  positiveInt,
  nonNegativeInt: (def: number) => z.coerce.number().int().min(0).default(def),
  /** An optional URL whose scheme must match, e.g. `/^https?:\/\//`. */
  optionalUrl: (scheme: RegExp, message: string) => optionalString.pipe(z.string().regex(scheme, message).optional()),
};

const byteSize = z
  .string()
  .trim()
  .regex(/^\d+(b|kb|mb)?$/i, 'a size such as 10mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+)(b|kb|mb)?$/i.exec(v) as RegExpExecArray;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  });

/**
 * The HTTP server's and /graphql's limits (read typed as `AppConfig.httpLimits`). Node's defaults
 * (60 s for headers, 5 min for a request, 5 s keep-alive, no connection cap) let a slow client hold
 * a socket for minutes; a request timeout covers receiving the request only, so long streamed
 * answers are not cut by it.
 */
export const httpLimitsShape = {
  /** Much smaller than BODY_LIMIT: portal operations are small, and parsing a document is costly. */
  GRAPHQL_BODY_LIMIT: byteSize.default(100 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(20_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(60_000),
  /** Above the usual 60 s idle timeout of load balancers, so they never reuse a socket we are closing. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(65_000),
  HTTP_MAX_CONNECTIONS: positiveInt(10_000),
};

/** The platform's own settings; every feature lib declares its own in a fragment (config-fragment.ts). */
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
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
        .optional(),
    ),
    /** Namespace for every Redis key and BullMQ queue, so several deployments can share a Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/i)
      .default('vipcloud'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where log lines go: "stdout" or a file path. */
    LOG_DESTINATION: z.string().default('stdout'),
    /** `pretty` for people, `json` for machines; `auto` is pretty only in a development terminal (see logFormat). */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    BODY_LIMIT: byteSize.default(10 * 1024 * 1024),
    ...httpLimitsShape,
    /**
     * After SIGTERM/SIGINT: how long open requests and streams (the API) or running jobs (the worker) may take
     * to finish before they are cut; then everything pending is flushed. 25 s leaves the flush 5 s of the
     * usual 30 s an orchestrator waits before it kills (Kubernetes' default terminationGracePeriodSeconds).
     */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
    /** Comma-separated addresses/CIDRs (or express keywords such as "loopback") whose X-Forwarded-For we trust. */
    TRUSTED_PROXIES: z.string().default(''),
    /** AES-256-GCM keys for stored OAuth tokens: `id:base64key`, comma-separated, oldest first. */
    TOKEN_ENCRYPTION_KEYS: optionalString,
    /** Where users reach the portal; https makes the session cookie `__Host-` and Secure. */
    PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  })
  .passthrough();

export type RawConfig = z.infer<typeof configSchema>;
