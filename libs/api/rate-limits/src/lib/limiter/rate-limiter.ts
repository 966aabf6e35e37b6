import type { AdmissionChange, AdmissionRequest, DecidedAdmission } from './rate-limit.types';

/**
 * Decides admissions against the per-minute windows and the concurrent-stream slots: in memory for the
 * embedded default (one process), in Redis with one script call per admission when several instances share
 * the limits, so N instances together allow the limit, not N times it.
 */
export abstract class RateLimiter {
  /** Checks every limit and, only if all pass, counts the request against all of them. */
  abstract admit(request: AdmissionRequest): Promise<DecidedAdmission>;
  /** Applies corrections of earlier admissions (many at once: they are batched off the request path). */
  abstract change(changes: readonly AdmissionChange[]): Promise<void>;
}

/** The names of one holder's state: `rl:key:<id>:requests`, `rl:account:<id>:streams`, … */
export function limitKey(scope: 'key' | 'account', id: string, name: 'requests' | 'tokens' | 'streams'): string {
  return `rl:${scope}:${id}:${name}`;
}
