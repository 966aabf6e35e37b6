import { Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { AbuseSignalsService } from '@vipcloud/abuse';
import { Clock, ReadinessDetails } from '@vipcloud/platform';
import { RateLimitPolicyCache } from './policy/rate-limit-policy.cache';
import { RateLimiter } from './limiter/rate-limiter';
import { RedisRateLimiter } from './limiter/redis-rate-limiter';
import type { AdmissionChange, AdmissionRequest, DecidedAdmission, WindowState } from './limiter/rate-limit.types';
import { formatDuration, RateLimitExceededError } from './rate-limit.errors';

/** Who asks, for what: the gateway's side of an admission. */
export interface AdmissionInput {
  requestId: string;
  /** For the abuse signal of a refusal. */
  model: string;
  keyId: string;
  accountId: string;
  /** The hold's estimate of the request's tokens. */
  tokens: number;
  stream: boolean;
}

/** An admitted request: its headers now, and its correction when it ends. */
export class RateLimitTicket {
  private done = false;

  constructor(
    readonly request: AdmissionRequest,
    readonly admission: DecidedAdmission,
  ) {}

  /** The `x-ratelimit-*` headers OpenAI sends, for the tighter of the key's and the account's windows. */
  get headers(): Record<string, string> {
    return rateLimitHeaders(this.admission);
  }

  /** True once, for the first of settle and give back: a ticket is corrected once. */
  close(): boolean {
    if (this.done) return false;
    this.done = true;
    return true;
  }
}

/** Corrections waiting for the next flush, at most: beyond it the oldest are dropped (and logged). */
const MAX_PENDING = 50_000;
/** One abuse signal per key and limit in this long, per instance: a client hammering a limit is one event, not thousands. */
const SIGNAL_EVERY_MS = 10 * 60_000;

/**
 * The /v1 rate limits: per API key and per account, requests and tokens per minute and concurrent streams.
 * One limiter call per admission (a Redis script with several instances, memory embedded); corrections
 * (tokens to the real usage, stream slots freed) are batched and applied off the request path, in one
 * call per event-loop turn.
 */
@Injectable()
export class RateLimitsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private pending: AdmissionChange[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private refused = 0;
  private readonly signalled = new Map<string, number>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly policies: RateLimitPolicyCache,
    private readonly abuse: AbuseSignalsService,
    private readonly clock: Clock,
    @Optional() private readonly readiness?: ReadinessDetails,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('rateLimits', () => ({
      shared: this.limiter instanceof RedisRateLimiter,
      refusedSinceStart: this.refused,
      failOpenAdmissions: this.limiter instanceof RedisRateLimiter ? this.limiter.failedOpen : 0,
      pendingCorrections: this.pending.length,
    }));
  }

  /** Admits the request against every limit, or throws the 429 (with its headers). */
  async admit(input: AdmissionInput): Promise<RateLimitTicket> {
    const { model, ...who } = input;
    const request: AdmissionRequest = { ...who, ...this.policies.limitsFor(input.accountId) };
    const admission = await this.limiter.admit(request);
    if (admission.refusal) {
      this.refused++;
      const error = new RateLimitExceededError(admission.refusal, rateLimitHeaders(admission));
      this.signal(input, model, admission.refusal.scope, error.code as string);
      throw error;
    }
    return new RateLimitTicket(request, admission);
  }

  /** The request ended: its tokens are corrected to what it used, its stream slot freed. */
  settle(ticket: RateLimitTicket, usedTokens: number): void {
    if (!ticket.close()) return;
    this.enqueue({
      request: ticket.request,
      requestDelta: 0,
      tokenDelta: usedTokens - ticket.request.tokens,
      local: ticket.admission.local,
    });
  }

  /** The request was refused after its admission (no credits): it counts for nothing. */
  giveBack(ticket: RateLimitTicket): void {
    if (!ticket.close()) return;
    this.enqueue({
      request: ticket.request,
      requestDelta: -1,
      tokenDelta: -ticket.request.tokens,
      local: ticket.admission.local,
    });
  }

  /** A rate limit trigger is an abuse signal (metadata only), once per key and limit in a while. */
  private signal(input: AdmissionInput, model: string, scope: 'key' | 'account', code: string): void {
    const now = this.clock.nowMs();
    const name = `${input.keyId}:${scope}:${code}`;
    if (now - (this.signalled.get(name) ?? Number.NEGATIVE_INFINITY) < SIGNAL_EVERY_MS) return;
    if (this.signalled.size >= 10_000) this.signalled.clear();
    this.signalled.set(name, now);
    this.abuse
      .reportRateLimit({
        requestId: input.requestId,
        accountId: input.accountId,
        apiKeyId: input.keyId,
        model,
        scope,
        code,
      })
      .catch((err: unknown) =>
        this.logger.error(`could not report a rate limit trigger: ${err instanceof Error ? err.name : 'error'}`),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Applies every pending correction (tests, shutdown); gives up after a few failed rounds (Redis down). */
  async flush(): Promise<void> {
    for (let round = 0; round < 5 && (this.flushing || this.pending.length > 0); round++) {
      if (this.flushing) await this.flushing;
      else await this.flushNow();
    }
  }

  private enqueue(change: AdmissionChange): void {
    if (change.tokenDelta === 0 && change.requestDelta === 0 && !change.request.stream) return;
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.logger.warn('rate limit corrections are piling up; the oldest was dropped');
    }
    this.pending.push(change);
    if (this.scheduled) return;
    this.scheduled = true;
    // Every request that ends in this turn of the event loop shares one limiter call.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing) void this.flushNow();
    });
  }

  private flushNow(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.limiter
      .change(batch)
      .catch((err: unknown) => {
        // Kept for the next flush: a stream slot not freed would stay taken until it lapses.
        this.pending = batch.concat(this.pending).slice(-MAX_PENDING);
        this.logger.error(`could not apply rate limit corrections: ${err instanceof Error ? err.name : 'error'}`);
        return new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      })
      .finally(() => {
        this.flushing = null;
        if (this.pending.length > 0 && !this.scheduled) {
          this.scheduled = true;
          setImmediate(() => {
            this.scheduled = false;
            if (!this.flushing) void this.flushNow();
          });
        }
      });
    return this.flushing;
  }
}

/** OpenAI's `x-ratelimit-*` trio for requests and for tokens; a kind without a limit sends none. */
export function rateLimitHeaders(admission: Pick<DecidedAdmission, 'requests' | 'tokens'>): Record<string, string> {
  const headers: Record<string, string> = {};
  const put = (kind: 'requests' | 'tokens', w: WindowState | null) => {
    if (!w) return;
    headers[`x-ratelimit-limit-${kind}`] = String(w.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(w.remaining);
    headers[`x-ratelimit-reset-${kind}`] = formatDuration(w.resetMs);
  };
  put('requests', admission.requests);
  put('tokens', admission.tokens);
  return headers;
}
