import {
  AdmissionChange,
  AdmissionRequest,
  LimitName,
  LimitScope,
  Refusal,
  WINDOW_MS,
  WindowState,
} from './rate-limit.types';

/**
 * The limits' arithmetic, for the in-memory limiter; the Redis script (rate-limit.scripts.ts) does the same
 * steps in Lua, and the int spec runs both through the same cases.
 *
 * Requests and tokens per minute use GCRA (the generic cell rate algorithm): each holder keeps one number,
 * its theoretical arrival time (TAT). A request of cost c at time `now` moves it to max(TAT, now) + c·T,
 * where T = window / limit, and passes while that stays within one window of `now`. It needs one value per
 * holder (a sliding log would keep one per request), allows the whole minute's allowance as a burst, and a
 * correction is a shift of the TAT, so tokens counted from the estimate are set right at settlement.
 */
export interface WindowSpec {
  readonly scope: LimitScope;
  readonly name: Exclude<LimitName, 'streams'>;
  readonly limit: number;
  readonly cost: number;
}

/** The four per-minute windows of one admission, in the order the Redis script keeps its keys. */
export function windowsOf(r: AdmissionRequest): WindowSpec[] {
  return [
    { scope: 'key', name: 'requests', limit: r.key.requestsPerMinute, cost: 1 },
    { scope: 'account', name: 'requests', limit: r.account.requestsPerMinute, cost: 1 },
    { scope: 'key', name: 'tokens', limit: r.key.tokensPerMinute, cost: r.tokens },
    { scope: 'account', name: 'tokens', limit: r.account.tokensPerMinute, cost: r.tokens },
  ];
}

/** The TAT after admitting `cost` (not yet checked against the window). */
export function nextTat(tat: number, now: number, limit: number, cost: number): number {
  return Math.max(tat, now) + (cost * WINDOW_MS) / limit;
}

/** A refusal if the window cannot take the cost, else null. */
export function checkWindow(spec: WindowSpec, tat: number, now: number): Refusal | null {
  const after = nextTat(tat, now, spec.limit, spec.cost);
  if (after - now <= WINDOW_MS) return null;
  return {
    limit: spec.name,
    scope: spec.scope,
    value: spec.limit,
    retryAfterMs: spec.cost > spec.limit ? null : Math.ceil(after - now - WINDOW_MS),
  };
}

/** What is left of a window whose TAT is `tat`. */
export function windowState(limit: number, tat: number, now: number): WindowState {
  const used = Math.max(0, tat - now);
  return {
    limit,
    remaining: Math.max(0, Math.floor(((WINDOW_MS - used) * limit) / WINDOW_MS)),
    resetMs: Math.ceil(used),
  };
}

/** The TAT after a correction; null when nothing is left counted (the holder's value can go). */
export function shiftedTat(tat: number | null, now: number, limit: number, delta: number): number | null {
  if (delta === 0) return tat;
  if (delta > 0) return nextTat(tat ?? now, now, limit, delta);
  if (tat === null) return null;
  const back = tat + (delta * WINDOW_MS) / limit;
  return back > now ? back : null;
}

/** Of the key's and the account's window, the one with less left: what the headers report. */
export function tighter(a: WindowState | null, b: WindowState | null): WindowState | null {
  if (!a) return b;
  if (!b) return a;
  return b.remaining < a.remaining ? b : a;
}

/** The per-minute deltas of a change, in `windowsOf`'s order. */
export function changeDeltas(change: AdmissionChange): number[] {
  return [change.requestDelta, change.requestDelta, change.tokenDelta, change.tokenDelta];
}
