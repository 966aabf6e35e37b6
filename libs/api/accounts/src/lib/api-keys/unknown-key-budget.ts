/** Networks tracked at most; beyond it the stalest are dropped (a spray from many networks cannot grow it without end). */
const MAX_NETWORKS = 100_000;
const WINDOW_MS = 60_000;

/**
 * How many lookups of unknown keys each client network may cause per minute on this instance: a GCRA
 * window per network (one number each; a burst of the whole minute, then one more every 60/limit s).
 * In memory, not shared: its job is to bound this instance's database reads, which it does alone.
 * (The rate-limits lib has the shared windows of /v1; it depends on this lib, so it cannot serve here.)
 */
export class UnknownKeyBudget {
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly nowMs: () => number,
  ) {}

  /** Milliseconds until the network may cause another lookup; 0 when it may now. */
  waitMs(network: string): number {
    const tat = this.tats.get(network);
    if (tat === undefined) return 0;
    const over = tat + WINDOW_MS / this.perMinute - this.nowMs() - WINDOW_MS;
    return over > 0 ? Math.ceil(over) : 0;
  }

  /** Gives back a lookup taken by `spend` that found a valid key: only unknown keys count. */
  refund(network: string): void {
    const tat = this.tats.get(network);
    if (tat === undefined) return;
    const back = tat - WINDOW_MS / this.perMinute;
    if (back <= this.nowMs()) this.tats.delete(network);
    else this.tats.set(network, back);
  }

  /**
   * Counts one lookup, before it is made: concurrent requests from one network then cannot all pass the
   * check while their lookups are in flight. A lookup that finds a valid key is given back (`refund`).
   */
  spend(network: string): void {
    const now = this.nowMs();
    const tat = Math.max(this.tats.get(network) ?? now, now) + WINDOW_MS / this.perMinute;
    // Re-inserted last: the map's order is staleness order, so the first entry is the one to drop.
    this.tats.delete(network);
    this.tats.set(network, tat);
    if (this.tats.size > MAX_NETWORKS) this.tats.delete(this.tats.keys().next().value as string);
  }
}
