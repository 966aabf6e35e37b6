import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Clock, ReadinessDetails, SharedStore } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { Channel, ModelCatalogService } from '../catalog/model-catalog.service';
import type { FailureKind } from '../providers/provider-adapter';

/** Failures that say nothing about the route: the next route would fail the same way. */
const NOT_ROUTE_FAILURES: ReadonlySet<FailureKind> = new Set(['refusal', 'invalid_request', 'context_length']);
/** Failures of our upstream account: every model served with that key is affected. */
const ACCOUNT_FAILURES: ReadonlySet<FailureKind> = new Set(['auth', 'quota']);
/** Failures that will not clear up by themselves soon. */
const LONG_COOLDOWN: ReadonlySet<FailureKind> = new Set(['auth', 'quota', 'not_found']);

export function isRouteFailure(kind: FailureKind): boolean {
  return !NOT_ROUTE_FAILURES.has(kind);
}

/** A route an operator should look at: our credentials were refused or our balance is gone. */
export interface AccountCooldown {
  route: string;
  key: string;
  provider: string;
  kind: FailureKind;
  /** ISO time; null when the shared store holds it but no longer says until when. */
  until: string | null;
}

interface LocalCooldown {
  kind: FailureKind;
  until: number;
  channel: Channel;
}

/**
 * Orders a model's channels by priority, weighted-random within a priority, and skips channels in
 * cool-down. Cool-downs live in the shared store so every instance agrees; each instance also keeps
 * its own, which it keeps applying when the shared store (Redis) cannot answer: requests are then
 * still served, only without the other instances' cool-downs.
 */
@Injectable()
export class RouteSelector implements OnModuleInit {
  /** Replaceable in unit tests to make the weighted order deterministic. */
  random: () => number = Math.random;

  /**
   * This instance's recent reads of the shared cool-downs. Every request would otherwise pay a
   * Redis round trip on the hot path; a cool-down set elsewhere is seen within ROUTE_STATE_CACHE_MS,
   * one set here at once.
   */
  private readonly seen = new Map<string, { cooling: boolean; freshUntil: number }>();
  /** Cool-downs this instance started, by shared-store key. */
  private readonly local = new Map<string, LocalCooldown>();
  /** Cool-downs started here since start, by failure kind (operators' counters in /readyz). */
  private readonly started = new Map<FailureKind, number>();

  constructor(
    private readonly store: SharedStore,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly clock: Clock,
    @Optional() private readonly catalog?: ModelCatalogService,
    @Optional() private readonly readiness?: ReadinessDetails,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('routes', () => this.report());
  }

  async order(channels: readonly Channel[]): Promise<Channel[]> {
    const keys = channels.flatMap((c) => [cooldownKey(c), accountCooldownKey(c)]);
    const cooling = await this.coolingStates(keys);
    const usable = channels.filter((_, i) => !cooling[2 * i] && !cooling[2 * i + 1]);
    const byPriority = new Map<number, Channel[]>();
    for (const c of usable) byPriority.set(c.priority, [...(byPriority.get(c.priority) ?? []), c]);
    return [...byPriority.keys()]
      .sort((a, b) => a - b)
      .flatMap((p) => this.weightedShuffle(byPriority.get(p) as Channel[]));
  }

  async coolDown(channel: Channel, kind: FailureKind): Promise<void> {
    const ttl = LONG_COOLDOWN.has(kind) ? this.config.routeCooldownMs : this.config.routeTransientCooldownMs;
    const key = ACCOUNT_FAILURES.has(kind) ? accountCooldownKey(channel) : cooldownKey(channel);
    // Applied here at once, whatever the shared store does.
    this.local.set(key, { kind, until: this.clock.nowMs() + ttl, channel });
    this.started.set(kind, (this.started.get(kind) ?? 0) + 1);
    // Best effort: with Redis unreachable the other instances learn of it from their own failures.
    await this.store.trySet(key, kind, ttl);
  }

  private async coolingStates(keys: string[]): Promise<boolean[]> {
    const now = this.clock.nowMs();
    const shared = await this.sharedStates(keys, now);
    return keys.map((k, i) => shared[i] || this.localCooldown(k, now) !== undefined);
  }

  /** What the shared store says; nothing when it cannot answer (the local cool-downs still apply). */
  private async sharedStates(keys: string[], now: number): Promise<boolean[]> {
    const maxAge = this.config.routeStateCacheMs;
    if (maxAge === 0) {
      const values = await this.store.tryGetMany(keys);
      return keys.map((_, i) => values !== null && values[i] !== null);
    }
    const missing = keys.filter((k) => (this.seen.get(k)?.freshUntil ?? 0) <= now);
    if (missing.length > 0) {
      const values = await this.store.tryGetMany(missing);
      if (values)
        missing.forEach((k, i) => this.seen.set(k, { cooling: values[i] !== null, freshUntil: now + maxAge }));
    }
    return keys.map((k) => {
      const s = this.seen.get(k);
      return s !== undefined && s.freshUntil > now && s.cooling;
    });
  }

  private localCooldown(key: string, now: number): LocalCooldown | undefined {
    const c = this.local.get(key);
    if (c && c.until <= now) {
      this.local.delete(key);
      return undefined;
    }
    return c;
  }

  /**
   * The `/readyz` section: routes cooling down because our upstream credentials or balance failed
   * (every instance's, read from the shared store; this instance's own when it cannot answer), and
   * counters of cool-downs started here by kind.
   */
  async report(): Promise<{
    source: 'shared' | 'local';
    coolingDown: AccountCooldown[];
    counters: { cooldownsStarted: Record<string, number>; coolingDownRoutes: number; sharedStoreFailOpen: number };
  }> {
    const now = this.clock.nowMs();
    const accounts = this.accountChannels();
    const keyIds = [...accounts.keys()];
    const shared = await this.store.tryGetMany(keyIds.map(accountCooldownKeyOf));
    const coolingDown: AccountCooldown[] = [];
    for (const [i, keyId] of keyIds.entries()) {
      const local = this.localCooldown(accountCooldownKeyOf(keyId), now);
      // A cool-down set here while the store was unreachable is only here, and still applies.
      const kind = (shared?.[i] ?? local?.kind) as FailureKind | null | undefined;
      if (!kind || !ACCOUNT_FAILURES.has(kind)) continue;
      let until = local?.until ?? null;
      if (until === null && shared) {
        const ttl = await this.store.ttlMs(accountCooldownKeyOf(keyId));
        until = ttl === null ? null : now + ttl;
      }
      for (const c of accounts.get(keyId) ?? [])
        coolingDown.push({
          route: c.id,
          key: keyId,
          provider: c.provider,
          kind,
          until: until === null ? null : new Date(until).toISOString(),
        });
    }
    return {
      source: shared ? 'shared' : 'local',
      coolingDown,
      counters: {
        cooldownsStarted: Object.fromEntries(this.started),
        coolingDownRoutes: coolingDown.length,
        sharedStoreFailOpen: this.store.failedOpenReads,
      },
    };
  }

  /** Every served channel by upstream key (and those this instance has cooled down). */
  private accountChannels(): Map<string, Channel[]> {
    const byKey = new Map<string, Map<string, Channel>>();
    const add = (c: Channel) => byKey.set(c.keyId, (byKey.get(c.keyId) ?? new Map()).set(c.id, c));
    for (const model of this.catalog?.available() ?? [])
      for (const c of this.catalog?.find(model.id)?.channels ?? []) add(c);
    for (const { channel } of this.local.values()) add(channel);
    return new Map([...byKey].map(([k, v]) => [k, [...v.values()]]));
  }

  /** Seconds a caller should wait before a retry can find a route again, when nothing more is known. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.config.routeTransientCooldownMs / 1000));
  }

  /**
   * Seconds until the first of these routes is out of its cool-downs (a route's own and its upstream key's):
   * a 503's Retry-After when every route of a model is cooling down. This instance's own cool-downs and the
   * shared ones both count; the short default when neither says (the store unreachable, or none found).
   */
  async retryAfterSecondsFor(channels: readonly Channel[]): Promise<number> {
    const now = this.clock.nowMs();
    let soonest = Number.POSITIVE_INFINITY;
    for (const c of channels) {
      const waits = await Promise.all([cooldownKey(c), accountCooldownKey(c)].map((k) => this.remainingMs(k, now)));
      soonest = Math.min(soonest, Math.max(...waits));
    }
    if (!Number.isFinite(soonest) || soonest <= 0) return this.retryAfterSeconds;
    return Math.max(1, Math.ceil(soonest / 1000));
  }

  private async remainingMs(key: string, now: number): Promise<number> {
    const local = this.localCooldown(key, now);
    const shared = await this.store.tryTtlMs(key);
    return Math.max(local ? local.until - now : 0, shared ?? 0);
  }

  private weightedShuffle(group: Channel[]): Channel[] {
    const pool = [...group];
    const out: Channel[] = [];
    while (pool.length > 0) {
      const total = pool.reduce((s, c) => s + c.weight, 0);
      let pick = this.random() * total;
      let i = 0;
      while (i < pool.length - 1 && pick >= pool[i].weight) pick -= pool[i++].weight;
      out.push(pool.splice(i, 1)[0]);
    }
    return out;
  }
}

function cooldownKey(channel: Channel): string {
  return `route-cooldown:${channel.id}`;
}

function accountCooldownKey(channel: Channel): string {
  return accountCooldownKeyOf(channel.keyId);
}

function accountCooldownKeyOf(keyId: string): string {
  return `upstream-key-cooldown:${keyId}`;
}
