import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { EncryptionKey, parseEncryptionKeys } from '../crypto/token-cipher';
import type { HttpLimits } from '../http/http-limits.types';
import type { ConfigContext, ConfigFragment } from './config-fragment';
import { configSchema, RawConfig } from './config.schema';

export type LogFormat = 'json' | 'pretty';

export interface LogFormatFacts {
  destination: string;
  nodeEnv: RawConfig['NODE_ENV'];
  stdoutIsTerminal: boolean;
  underTestRunner: boolean;
}

/**
 * `auto` is readable lines for a person at a terminal in development, and JSON wherever a program reads the
 * log (a pipe, a file, a log shipper, production, tests), since JSON keeps every field for queries.
 */
export function chooseLogFormat(setting: RawConfig['LOG_FORMAT'], facts: LogFormatFacts): LogFormat {
  if (setting !== 'auto') return setting;
  const person =
    facts.destination === 'stdout' &&
    facts.nodeEnv === 'development' &&
    facts.stdoutIsTerminal &&
    !facts.underTestRunner;
  return person ? 'pretty' : 'json';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Runs one check, keeping its ConfigError as a problem to list (anything else is a bug and propagates). */
function collect<T>(problems: string[], check: () => T): T | undefined {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(err.message);
    return undefined;
  }
}

/**
 * The platform's variables plus every fragment's. A variable has one owner: two declarations would
 * silently let the later schema (and its default) win, so each duplicate is a problem naming both.
 */
function mergeShapes(fragments: readonly ConfigFragment<unknown>[], problems: string[]): z.ZodRawShape {
  const owners = new Map<string, string>(Object.keys(configSchema.shape).map((name) => [name, 'the platform']));
  const shape: Record<string, z.ZodRawShape[string]> = {};
  for (const fragment of fragments) {
    for (const [name, schema] of Object.entries(fragment.shape)) {
      const owner = owners.get(name);
      if (owner !== undefined) {
        problems.push(`${name} is declared by both ${owner} and ${fragment.name}: a variable has one owner.`);
        continue;
      }
      owners.set(name, fragment.name);
      shape[name] = schema;
    }
  }
  return shape;
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
   * lib's, so one bad value anywhere stops start-up with every problem listed at once. Outside
   * production a fragment not passed here is read the first time a module asks for it (tests build
   * partial configs); in production that is refused, so no setting goes unchecked until first use.
   */
  constructor(rawEnv: Record<string, string | undefined>, fragments: readonly ConfigFragment<unknown>[] = []) {
    // An empty variable means "not set", as in most shells' `VAR=` idiom.
    const env = Object.fromEntries(
      Object.entries(rawEnv).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''),
    );
    this.env = env;
    // Every problem is collected, so the operator fixes them all in one go.
    const problems: string[] = [];
    const shape = mergeShapes(fragments, problems);
    const parsed = configSchema.extend(shape).safeParse(env);
    if (!parsed.success) {
      problems.push(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
      throw new ConfigError(problems.join('\n'));
    }
    this.raw = parsed.data as RawConfig;
    this.encryptionKeys = collect(problems, () => this.readEncryptionKeys()) ?? null;
    if (!this.secureCookies && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(this.raw.PUBLIC_URL)) {
      problems.push(
        'PUBLIC_URL must be an https:// URL (plain http is only for localhost development): ' +
          'session cookies are Secure and __Host- prefixed.',
      );
    } else if (this.isProduction && !this.secureCookies) {
      problems.push(
        'PUBLIC_URL must be an https:// URL in production (session cookies are Secure and __Host- prefixed).',
      );
    }
    if (this.raw.HTTP_HEADERS_TIMEOUT_MS > this.raw.HTTP_REQUEST_TIMEOUT_MS) {
      // Node refuses the same combination: the headers are part of the request.
      problems.push('HTTP_HEADERS_TIMEOUT_MS must not be greater than HTTP_REQUEST_TIMEOUT_MS');
    }
    for (const fragment of fragments) {
      collect(problems, () => this.fragments.set(fragment.token, fragment.read(parsed.data, this.context)));
    }
    if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  }

  private readonly encryptionKeys: readonly EncryptionKey[] | null;

  /** A feature's typed settings (validated at start-up when the process passed its fragment). */
  settings<T>(fragment: ConfigFragment<T>): T {
    if (!this.fragments.has(fragment.token)) {
      if (this.isProduction) {
        throw new ConfigError(
          `The ${fragment.name} settings were not validated at start-up: pass the fragment to AppConfig ` +
            "(apps/api/src/config-fragments.ts lists every lib's).",
        );
      }
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
  /** How log lines are written: LOG_FORMAT, with `auto` decided by where they go (see chooseLogFormat). */
  get logFormat(): LogFormat {
    return chooseLogFormat(this.raw.LOG_FORMAT, {
      destination: this.raw.LOG_DESTINATION,
      nodeEnv: this.raw.NODE_ENV,
      stdoutIsTerminal: process.stdout.isTTY === true,
      // Jest runs a single test file in its own process, whose stdout may be the developer's terminal.
      underTestRunner: process.env['JEST_WORKER_ID'] !== undefined,
    });
  }
  /** The HTTP server's timeouts and connection cap, and /graphql's body limit. */
  get httpLimits(): HttpLimits {
    return {
      graphqlBodyLimitBytes: this.raw.GRAPHQL_BODY_LIMIT,
      headersTimeoutMs: this.raw.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: this.raw.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: this.raw.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: this.raw.HTTP_MAX_CONNECTIONS,
    };
  }
  /** How long a stopping process lets open requests (or running jobs) finish: SHUTDOWN_GRACE_MS. */
  get shutdownGraceMs(): number {
    return this.raw.SHUTDOWN_GRACE_MS;
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
