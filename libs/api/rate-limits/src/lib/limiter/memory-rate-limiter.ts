import { limitKey, RateLimiter } from './rate-limiter';
import type {
  Admission,
  AdmissionChange,
  AdmissionRequest,
  DecidedAdmission,
  LimitScope,
  Refusal,
} from './rate-limit.types';
import { changeDeltas, checkWindow, nextTat, shiftedTat, tighter, windowsOf, windowState } from './rate-window';

/**
 * The limits of one process: the embedded default, and what an instance falls back to while Redis cannot
 * answer. Synchronous underneath, so an admission is atomic without locks.
 */
export class MemoryRateLimiter extends RateLimiter {
  private readonly tats = new Map<string, number>();
  /** Per holder: the open streams' request ids and when each slot lapses if never freed. */
  private readonly streams = new Map<string, Map<string, number>>();
  private admissions = 0;

  constructor(
    private readonly nowMs: () => number,
    readonly streamSlotTtlMs: number,
  ) {
    super();
  }

  async admit(r: AdmissionRequest): Promise<DecidedAdmission> {
    return { ...this.admitNow(r), local: false };
  }

  admitNow(r: AdmissionRequest): Admission {
    const now = this.nowMs();
    // Windows nobody uses any more would otherwise stay forever.
    if (++this.admissions % 10_000 === 0) this.sweep(now);
    const windows = windowsOf(r);
    const keys = windows.map((w) => limitKey(w.scope, w.scope === 'key' ? r.keyId : r.accountId, w.name));
    let refusal: Refusal | null = null;
    for (const [i, w] of windows.entries()) {
      if (w.limit <= 0) continue;
      refusal = checkWindow(w, this.tats.get(keys[i]) ?? 0, now);
      if (refusal) break;
    }
    const slots = r.stream ? this.streamSlots(r, now) : [];
    if (!refusal) refusal = slots.find((s) => s.full)?.refusal ?? null;
    if (!refusal) {
      for (const [i, w] of windows.entries())
        if (w.limit > 0) this.tats.set(keys[i], nextTat(this.tats.get(keys[i]) ?? 0, now, w.limit, w.cost));
      for (const s of slots) if (s.limit > 0) s.open.set(r.requestId, now + this.streamSlotTtlMs);
    }
    const state = (i: number) => {
      const w = windows[i];
      return w.limit > 0 ? windowState(w.limit, this.tats.get(keys[i]) ?? now, now) : null;
    };
    return { refusal, requests: tighter(state(0), state(1)), tokens: tighter(state(2), state(3)) };
  }

  async change(changes: readonly AdmissionChange[]): Promise<void> {
    const now = this.nowMs();
    for (const c of changes) {
      const r = c.request;
      const deltas = changeDeltas(c);
      for (const [i, w] of windowsOf(r).entries()) {
        if (w.limit <= 0 || deltas[i] === 0) continue;
        const key = limitKey(w.scope, w.scope === 'key' ? r.keyId : r.accountId, w.name);
        const tat = shiftedTat(this.tats.get(key) ?? null, now, w.limit, deltas[i]);
        if (tat === null) this.tats.delete(key);
        else this.tats.set(key, tat);
      }
      if (r.stream)
        for (const scope of ['key', 'account'] as const)
          this.streams.get(limitKey(scope, scope === 'key' ? r.keyId : r.accountId, 'streams'))?.delete(r.requestId);
    }
  }

  private streamSlots(r: AdmissionRequest, now: number) {
    return (['key', 'account'] as const).map((scope: LimitScope) => {
      const limit = r[scope].concurrentStreams;
      const refusal: Refusal = { limit: 'streams', scope, value: limit, retryAfterMs: 1_000 };
      if (limit <= 0) return { limit, open: new Map<string, number>(), full: false, refusal };
      const name = limitKey(scope, scope === 'key' ? r.keyId : r.accountId, 'streams');
      let open = this.streams.get(name);
      if (!open) this.streams.set(name, (open = new Map()));
      for (const [id, lapses] of open) if (lapses <= now) open.delete(id);
      const full = open.size >= limit;
      return { limit, open, full, refusal };
    });
  }

  private sweep(now: number): void {
    for (const [k, tat] of this.tats) if (tat <= now) this.tats.delete(k);
    for (const [k, open] of this.streams) {
      for (const [id, lapses] of open) if (lapses <= now) open.delete(id);
      if (open.size === 0) this.streams.delete(k);
    }
  }
}
