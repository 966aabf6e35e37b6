import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { limitKey, RateLimiter } from './rate-limiter';
import { ADMIT_SCRIPT, CHANGE_SCRIPT } from './rate-limit.scripts';
import type {
  AdmissionChange,
  AdmissionRequest,
  DecidedAdmission,
  LimitName,
  LimitScope,
  Refusal,
  WindowState,
} from './rate-limit.types';
import { tighter } from './rate-window';

/** The scripts as ioredis commands: EVALSHA, with the script sent once when Redis does not know it yet. */
interface LimitCommands {
  vipcloudAdmit(...args: Array<string | number>): Promise<number[]>;
  vipcloudChange(...args: Array<string | number>): Promise<number>;
}

/** Connection states in which Redis is not expected back within an admission's wait. */
const LOST: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

const REFUSED: ReadonlyArray<{ limit: LimitName; scope: LimitScope }> = [
  { limit: 'requests', scope: 'key' },
  { limit: 'requests', scope: 'account' },
  { limit: 'tokens', scope: 'key' },
  { limit: 'tokens', scope: 'account' },
  { limit: 'streams', scope: 'key' },
  { limit: 'streams', scope: 'account' },
];

export interface RedisLimiterOptions {
  prefix: string;
  timeoutMs: number;
  /** What decides while Redis cannot answer: this instance's own limits. */
  fallback: MemoryRateLimiter;
  alertEveryMs?: number;
  nowMs?: () => number;
  logger?: Pick<Logger, 'error'>;
}

/**
 * The limits shared by every instance, in Redis. When Redis cannot answer (down, or no answer within the
 * timeout), the limits fail open: this instance applies them alone (so N instances allow up to N times
 * the limit), logs one alert per interval and counts the admissions it decided so (`/readyz`). The money
 * path does not: credits are held in the database, never here.
 */
export class RedisRateLimiter extends RateLimiter {
  private readonly redis: Redis & LimitCommands;
  private readonly alertEveryMs: number;
  private readonly nowMs: () => number;
  private readonly logger: Pick<Logger, 'error'>;
  private lastAlertAt = Number.NEGATIVE_INFINITY;
  private sinceAlert = 0;
  /** Admissions this instance decided alone since start. */
  failedOpen = 0;

  constructor(
    redis: Redis,
    private readonly options: RedisLimiterOptions,
  ) {
    super();
    redis.defineCommand('vipcloudAdmit', { numberOfKeys: 6, lua: ADMIT_SCRIPT });
    redis.defineCommand('vipcloudChange', { lua: CHANGE_SCRIPT });
    this.redis = redis as Redis & LimitCommands;
    this.alertEveryMs = options.alertEveryMs ?? 30_000;
    this.nowMs = options.nowMs ?? Date.now;
    this.logger = options.logger ?? new Logger('RateLimits');
  }

  async admit(r: AdmissionRequest): Promise<DecidedAdmission> {
    // A connection lost (or closed) is not waited for; one still being opened (at start-up) is: ioredis
    // queues the command until it is ready, within the timeout below.
    if (LOST.has(this.redis.status)) return this.decideLocally(r, `connection ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      // Timers run before pending I/O in an event-loop turn: after a stall of this process, a reply that
      // arrived in time may still sit unread. It gets one turn (setImmediate runs after the poll phase)
      // before the admission is decided here alone.
      timer = setTimeout(() => setImmediate(() => resolve(null)), this.options.timeoutMs);
    });
    try {
      const reply = await Promise.race([
        this.redis.vipcloudAdmit(...this.keysOf(r), ...admitArgs(r, this.options.fallback)),
        timeout,
      ]);
      if (reply === null) return this.decideLocally(r, `no answer in ${this.options.timeoutMs} ms`);
      return { ...parseAdmitReply(r, reply), local: false };
    } catch (err) {
      return this.decideLocally(r, err instanceof Error ? err.name : 'error');
    } finally {
      clearTimeout(timer);
    }
  }

  async change(changes: readonly AdmissionChange[]): Promise<void> {
    const shared = changes.filter((c) => !c.local);
    if (shared.length < changes.length) await this.options.fallback.change(changes.filter((c) => c.local));
    if (shared.length === 0) return;
    const keys: string[] = [];
    const args: Array<string | number> = [];
    for (const c of shared) {
      const r = c.request;
      keys.push(...this.keysOf(r));
      args.push(
        r.key.requestsPerMinute,
        r.account.requestsPerMinute,
        r.key.tokensPerMinute,
        r.account.tokensPerMinute,
        c.requestDelta,
        c.tokenDelta,
        r.stream ? r.requestId : '',
      );
    }
    await this.redis.vipcloudChange(keys.length, ...keys, ...args);
  }

  private keysOf(r: AdmissionRequest): string[] {
    const p = this.options.prefix;
    return [
      p + limitKey('key', r.keyId, 'requests'),
      p + limitKey('account', r.accountId, 'requests'),
      p + limitKey('key', r.keyId, 'tokens'),
      p + limitKey('account', r.accountId, 'tokens'),
      p + limitKey('key', r.keyId, 'streams'),
      p + limitKey('account', r.accountId, 'streams'),
    ];
  }

  private decideLocally(r: AdmissionRequest, reason: string): DecidedAdmission {
    this.failedOpen++;
    this.sinceAlert++;
    const now = this.nowMs();
    // One line per interval, not one per request: an outage would otherwise flood the log.
    if (now - this.lastAlertAt >= this.alertEveryMs) {
      this.logger.error(
        `rate limits: Redis unreachable (${reason}); this instance applies the limits alone ` +
          `(${this.sinceAlert} admission(s) decided so since the last alert)`,
      );
      this.lastAlertAt = now;
      this.sinceAlert = 0;
    }
    return { ...this.options.fallback.admitNow(r), local: true };
  }
}

function admitArgs(r: AdmissionRequest, fallback: MemoryRateLimiter): Array<string | number> {
  return [
    r.key.requestsPerMinute,
    r.account.requestsPerMinute,
    r.key.tokensPerMinute,
    r.account.tokensPerMinute,
    r.key.concurrentStreams,
    r.account.concurrentStreams,
    r.tokens,
    r.stream ? 1 : 0,
    r.requestId,
    fallback.streamSlotTtlMs,
  ];
}

function parseAdmitReply(r: AdmissionRequest, reply: number[]): Omit<DecidedAdmission, 'local'> {
  const [refused, retry] = reply;
  const limits = [
    r.key.requestsPerMinute,
    r.account.requestsPerMinute,
    r.key.tokensPerMinute,
    r.account.tokensPerMinute,
  ];
  const state = (i: number): WindowState | null =>
    limits[i] > 0 ? { limit: limits[i], remaining: reply[2 + 2 * i], resetMs: reply[3 + 2 * i] } : null;
  let refusal: Refusal | null = null;
  if (refused > 0) {
    const which = REFUSED[refused - 1];
    const set = r[which.scope];
    const value =
      which.limit === 'requests'
        ? set.requestsPerMinute
        : which.limit === 'tokens'
          ? set.tokensPerMinute
          : set.concurrentStreams;
    refusal = { ...which, value, retryAfterMs: retry < 0 ? null : retry };
  }
  return { refusal, requests: tighter(state(0), state(1)), tokens: tighter(state(2), state(3)) };
}
