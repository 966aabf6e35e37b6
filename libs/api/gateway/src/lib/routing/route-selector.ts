import { Injectable } from '@nestjs/common';
import { Clock, SharedStore } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import type { Channel } from '../catalog/model-catalog.service';
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

/**
 * Orders a model's channels by priority, weighted-random within a priority, and skips channels in
 * cool-down. Cool-downs live in the shared store so every instance agrees.
 */
@Injectable()
export class RouteSelector {
  /** Replaceable in unit tests to make the weighted order deterministic. */
  random: () => number = Math.random;

  /**
   * This instance's recent reads of the shared cool-downs. Every request would otherwise pay a
   * Redis round trip on the hot path; a cool-down set elsewhere is seen within ROUTE_STATE_CACHE_MS,
   * one set here at once.
   */
  private readonly seen = new Map<string, { cooling: boolean; freshUntil: number }>();

  constructor(
    private readonly store: SharedStore,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly clock: Clock,
  ) {}

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
    if (this.config.routeStateCacheMs > 0)
      this.seen.set(key, {
        cooling: true,
        freshUntil: this.clock.nowMs() + Math.min(ttl, this.config.routeStateCacheMs),
      });
    await this.store.set(key, kind, ttl);
  }

  private async coolingStates(keys: string[]): Promise<boolean[]> {
    const maxAge = this.config.routeStateCacheMs;
    if (maxAge === 0) return (await this.store.getMany(keys)).map((v) => v !== null);
    const now = this.clock.nowMs();
    const missing = keys.filter((k) => (this.seen.get(k)?.freshUntil ?? 0) <= now);
    if (missing.length > 0) {
      const values = await this.store.getMany(missing);
      missing.forEach((k, i) => this.seen.set(k, { cooling: values[i] !== null, freshUntil: now + maxAge }));
    }
    return keys.map((k) => this.seen.get(k)?.cooling === true);
  }

  /** Seconds a caller should wait before a retry can find a route again. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.config.routeTransientCooldownMs / 1000));
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
  return `upstream-key-cooldown:${channel.keyId}`;
}
