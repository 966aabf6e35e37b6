import { AppConfig, Clock, MemorySharedStore } from '@vipcloud/platform';
import { gatewayConfig } from '../gateway.config';

/** The selector's clock reads the same hand-moved time as the store. */
let clock: Clock;
import type { Channel } from '../catalog/model-catalog.service';
import type { FailureKind } from '../providers/provider-adapter';
import { isRouteFailure, RouteSelector } from './route-selector';

function channel(id: string, priority = 1, weight = 1, keyId = `deepseek#${id}`): Channel {
  return {
    id,
    keyId,
    provider: 'deepseek',
    baseUrl: 'https://api.deepseek.com',
    apiKey: `key-${id}`,
    upstreamModel: 'deepseek-flash',
    priority,
    weight,
  };
}

/** Returns the given values in turn, then repeats the last. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}

const ids = (channels: Channel[]) => channels.map((c) => c.id);

describe('RouteSelector', () => {
  let now: number;
  let store: MemorySharedStore;
  let selector: RouteSelector;

  beforeEach(() => {
    now = 1_700_000_000_000;
    clock = { now: () => new Date(now), nowMs: () => now } as Clock;
    store = new MemorySharedStore(() => now);
    selector = new RouteSelector(
      store,
      new AppConfig({
        ROUTE_COOLDOWN_MS: '60000',
        ROUTE_TRANSIENT_COOLDOWN_MS: '5000',
        ROUTE_STATE_CACHE_MS: '0',
      }).settings(gatewayConfig),
      clock,
    );
    selector.random = () => 0;
  });

  it('orders channels by ascending priority', async () => {
    const order = await selector.order([channel('c', 3), channel('a', 1), channel('b', 2), channel('a2', 1)]);
    expect(ids(order)).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('returns nothing for no channels', async () => {
    expect(await selector.order([])).toEqual([]);
  });

  it('does not change the given array', async () => {
    const channels = [channel('b', 2), channel('a', 1)];
    await selector.order(channels);
    expect(ids(channels)).toEqual(['b', 'a']);
  });

  it('picks by weight within a priority', async () => {
    const channels = [channel('light', 1, 1), channel('heavy', 1, 3)];
    // total 4: a draw below 1 picks "light", at or above 1 picks "heavy".
    selector.random = sequence(0.2);
    expect(ids(await selector.order(channels))).toEqual(['light', 'heavy']);
    selector.random = sequence(0.25);
    expect(ids(await selector.order(channels))).toEqual(['heavy', 'light']);
    selector.random = sequence(0.99);
    expect(ids(await selector.order(channels))).toEqual(['heavy', 'light']);
  });

  it('draws again from the remaining channels for each position', async () => {
    const channels = [channel('a', 1, 1), channel('b', 1, 1), channel('c', 1, 2)];
    // First draw: 0.6 * 4 = 2.4 -> c. Second: 0.6 * 2 = 1.2 -> b. Last: a.
    selector.random = sequence(0.6, 0.6, 0.6);
    expect(ids(await selector.order(channels))).toEqual(['c', 'b', 'a']);
  });

  it('weights only within a priority, never across', async () => {
    const channels = [channel('p2-heavy', 2, 100), channel('p1', 1, 1)];
    selector.random = sequence(0.999);
    expect(ids(await selector.order(channels))).toEqual(['p1', 'p2-heavy']);
  });

  it('picks each channel about as often as its weight says', async () => {
    const channels = [channel('a', 1, 1), channel('b', 1, 3)];
    let firsts = 0;
    for (let i = 0; i < 100; i++) {
      selector.random = () => i / 100;
      if ((await selector.order(channels))[0].id === 'b') firsts++;
    }
    expect(firsts).toBe(75);
  });

  it('skips channels in cool-down', async () => {
    const channels = [channel('a', 1), channel('b', 1), channel('c', 2)];
    await selector.coolDown(channels[0], 'overloaded');
    expect(ids(await selector.order(channels))).toEqual(['b', 'c']);
  });

  it('cools a channel down by its id, so the same route in another list is skipped too', async () => {
    await selector.coolDown(channel('a'), 'server');
    expect(ids(await selector.order([channel('a', 5, 9), channel('z')]))).toEqual(['z']);
  });

  it.each<FailureKind>(['auth', 'quota', 'not_found'])(
    'cools a channel down for the long period after %s',
    async (kind) => {
      const channels = [channel('a'), channel('b')];
      await selector.coolDown(channels[0], kind);
      now += 59_999;
      expect(ids(await selector.order(channels))).toEqual(['b']);
      now += 1;
      expect(ids(await selector.order(channels))).toEqual(['a', 'b']);
    },
  );

  it.each<FailureKind>(['rate_limit', 'overloaded', 'server', 'network', 'timeout'])(
    'cools a channel down for the transient period after %s',
    async (kind) => {
      const channels = [channel('a'), channel('b')];
      await selector.coolDown(channels[0], kind);
      now += 4_999;
      expect(ids(await selector.order(channels))).toEqual(['b']);
      now += 1;
      expect(ids(await selector.order(channels))).toEqual(['a', 'b']);
    },
  );

  it('records the failure kind in the shared store', async () => {
    await selector.coolDown(channel('a'), 'server');
    expect(await store.get('route-cooldown:a')).toBe('server');
  });

  it('cools down every model served with a key whose account failed (auth, quota)', async () => {
    const sameKey = [
      channel('flash', 1, 1, 'deepseek#0'),
      channel('pro', 1, 1, 'deepseek#0'),
      channel('other', 1, 1, 'deepseek#1'),
    ];
    await selector.coolDown(sameKey[0], 'quota');
    expect(await store.get('upstream-key-cooldown:deepseek#0')).toBe('quota');
    expect(ids(await selector.order(sameKey))).toEqual(['other']);
  });

  it('cools down only the model’s channel after a per-model failure', async () => {
    const sameKey = [channel('flash', 1, 1, 'deepseek#0'), channel('pro', 1, 1, 'deepseek#0')];
    await selector.coolDown(sameKey[0], 'rate_limit');
    expect(ids(await selector.order(sameKey))).toEqual(['pro']);
  });

  it('uses the configured cool-downs', async () => {
    const custom = new RouteSelector(
      store,
      new AppConfig({
        ROUTE_COOLDOWN_MS: '1000',
        ROUTE_TRANSIENT_COOLDOWN_MS: '100',
        ROUTE_STATE_CACHE_MS: '0',
      }).settings(gatewayConfig),
      clock,
    );
    custom.random = () => 0;
    await custom.coolDown(channel('long'), 'auth');
    await custom.coolDown(channel('short'), 'rate_limit');
    now += 100;
    expect(ids(await custom.order([channel('long'), channel('short')]))).toEqual(['short']);
    now += 900;
    expect(ids(await custom.order([channel('long'), channel('short')]))).toEqual(['long', 'short']);
  });

  it('returns nothing when every channel is cooling down', async () => {
    await selector.coolDown(channel('a'), 'auth');
    await selector.coolDown(channel('b'), 'overloaded');
    expect(await selector.order([channel('a'), channel('b')])).toEqual([]);
  });

  it('tells callers to retry after the transient cool-down, in whole seconds', () => {
    expect(selector.retryAfterSeconds).toBe(5);
    expect(
      new RouteSelector(store, new AppConfig({ ROUTE_TRANSIENT_COOLDOWN_MS: '1500' }).settings(gatewayConfig), clock)
        .retryAfterSeconds,
    ).toBe(2);
    expect(
      new RouteSelector(store, new AppConfig({ ROUTE_TRANSIENT_COOLDOWN_MS: '10' }).settings(gatewayConfig), clock)
        .retryAfterSeconds,
    ).toBe(1);
  });
  it('sees a cool-down set by another instance within ROUTE_STATE_CACHE_MS, and its own at once', async () => {
    const config = new AppConfig({ ROUTE_STATE_CACHE_MS: '250' }).settings(gatewayConfig);
    const here = new RouteSelector(store, config, clock);
    const elsewhere = new RouteSelector(store, config, clock);
    here.random = () => 0;
    const channels = [channel('a'), channel('b')];
    expect(ids(await here.order(channels))).toEqual(['a', 'b']);
    await elsewhere.coolDown(channels[0], 'server');
    expect(ids(await elsewhere.order(channels))).toEqual(['b']);
    expect(ids(await here.order(channels))).toEqual(['a', 'b']);
    now += 250;
    expect(ids(await here.order(channels))).toEqual(['b']);
  });
});

/** The shared store as seen during a Redis outage: fail-open reads and writes answer "unavailable". */
class UnreachableStore extends MemorySharedStore {
  reachable = false;
  reads = 0;
  override tryGetMany(keys: string[]): Promise<Array<string | null> | null> {
    this.reads++;
    return this.reachable ? super.tryGetMany(keys) : Promise.resolve(null);
  }
  override trySet(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.reachable ? super.trySet(key, value, ttlMs) : Promise.resolve(false);
  }
  override get failedOpenReads(): number {
    return this.reachable ? 0 : this.reads;
  }
}

describe('RouteSelector with the shared store unreachable', () => {
  let now: number;
  let store: UnreachableStore;
  let selector: RouteSelector;

  beforeEach(() => {
    now = 1_700_000_000_000;
    clock = { now: () => new Date(now), nowMs: () => now } as Clock;
    store = new UnreachableStore(() => now);
    selector = new RouteSelector(
      store,
      new AppConfig({ ROUTE_COOLDOWN_MS: '60000', ROUTE_TRANSIENT_COOLDOWN_MS: '5000' }).settings(gatewayConfig),
      clock,
    );
    selector.random = () => 0;
  });

  it('keeps serving every route and applies its own cool-downs for as long as they last', async () => {
    const channels = [channel('a'), channel('b', 1, 1, 'deepseek#9'), channel('c', 2)];
    expect(ids(await selector.order(channels))).toEqual(['a', 'b', 'c']);
    await selector.coolDown(channels[0], 'server');
    await selector.coolDown(channels[1], 'quota');
    expect(ids(await selector.order(channels))).toEqual(['c']);
    now += 5_000;
    expect(ids(await selector.order(channels))).toEqual(['a', 'c']);
    now += 55_000;
    expect(ids(await selector.order(channels))).toEqual(['a', 'b', 'c']);
  });

  it('does not trust an old read of the shared store once it cannot be refreshed', async () => {
    store.reachable = true;
    await store.set('route-cooldown:a', 'server', 60_000);
    expect(ids(await selector.order([channel('a'), channel('b')]))).toEqual(['b']);
    store.reachable = false;
    now += 250;
    // Only this instance's own cool-downs are known now; "a" was another instance's.
    expect(ids(await selector.order([channel('a'), channel('b')]))).toEqual(['a', 'b']);
  });

  it('reports credential and balance cool-downs (not transient ones) with their end, and counters', async () => {
    await selector.coolDown(channel('flash', 1, 1, 'deepseek#0'), 'auth');
    await selector.coolDown(channel('pro', 1, 1, 'deepseek#0'), 'auth');
    await selector.coolDown(channel('x', 1, 1, 'deepseek#1'), 'quota');
    await selector.coolDown(channel('y', 1, 1, 'deepseek#2'), 'overloaded');
    const report = await selector.report();
    expect(report.source).toBe('local');
    const until = new Date(now + 60_000).toISOString();
    expect(report.coolingDown).toEqual([
      { route: 'pro', key: 'deepseek#0', provider: 'deepseek', kind: 'auth', until },
      { route: 'x', key: 'deepseek#1', provider: 'deepseek', kind: 'quota', until },
    ]);
    expect(report.counters).toEqual({
      cooldownsStarted: { auth: 2, quota: 1, overloaded: 1 },
      coolingDownRoutes: 2,
      sharedStoreFailOpen: 1,
    });
    now += 60_000;
    expect((await selector.report()).coolingDown).toEqual([]);
  });

  it('reports what the shared store holds once it answers, with the time left', async () => {
    store.reachable = true;
    // Set by another instance: known here only through the store.
    await store.set('upstream-key-cooldown:deepseek#0', 'quota', 30_000);
    await selector.coolDown(channel('flash', 1, 1, 'deepseek#0'), 'server');
    const report = await selector.report();
    expect(report.source).toBe('shared');
    expect(report.coolingDown).toEqual([
      {
        route: 'flash',
        key: 'deepseek#0',
        provider: 'deepseek',
        kind: 'quota',
        until: new Date(now + 30_000).toISOString(),
      },
    ]);
  });
});

describe('isRouteFailure', () => {
  it.each<FailureKind>(['refusal', 'invalid_request', 'context_length'])('does not blame the route for %s', (kind) => {
    expect(isRouteFailure(kind)).toBe(false);
  });

  it.each<FailureKind>(['auth', 'quota', 'not_found', 'rate_limit', 'overloaded', 'server', 'network', 'timeout'])(
    'blames the route for %s',
    (kind) => {
      expect(isRouteFailure(kind)).toBe(true);
    },
  );
});
