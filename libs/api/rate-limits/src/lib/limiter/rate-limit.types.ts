/** One holder's limits (an API key, or an account); 0 means no limit of that kind. */
export interface LimitSet {
  readonly requestsPerMinute: number;
  readonly tokensPerMinute: number;
  readonly concurrentStreams: number;
}

export type LimitName = 'requests' | 'tokens' | 'streams';
export type LimitScope = 'key' | 'account';

/** What one admission asks for, with the limits that apply to it. */
export interface AdmissionRequest {
  readonly requestId: string;
  readonly keyId: string;
  readonly accountId: string;
  /** The hold's estimate: the prompt's bound plus the output cap, times the choices. */
  readonly tokens: number;
  /** A stream takes one of the concurrent-stream slots until it ends. */
  readonly stream: boolean;
  readonly key: LimitSet;
  readonly account: LimitSet;
}

/** A per-minute limit as the response headers tell it: the tighter of the key's and the account's. */
export interface WindowState {
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the window is back to its full allowance. */
  readonly resetMs: number;
}

export interface Refusal {
  readonly limit: LimitName;
  readonly scope: LimitScope;
  /** The limit's value, for the message. */
  readonly value: number;
  /** When a retry can pass; null when it never can (one request larger than the tokens-per-minute limit). */
  readonly retryAfterMs: number | null;
}

export interface Admission {
  readonly refusal: Refusal | null;
  readonly requests: WindowState | null;
  readonly tokens: WindowState | null;
}

/**
 * A change to what an admitted request counts, applied after it: the tokens corrected to the real usage,
 * its stream slot freed, and (for a request refused after admission, e.g. for credits) the request itself
 * given back.
 */
export interface AdmissionChange {
  readonly request: AdmissionRequest;
  /** -1 gives the request back; 0 keeps it counted. */
  readonly requestDelta: 0 | -1;
  /** Real tokens minus the estimate admitted (negative gives tokens back). */
  readonly tokenDelta: number;
  /** The admission was decided by this instance alone (see DecidedAdmission): so is its change. */
  readonly local: boolean;
}

/** Per-minute windows: GCRA over one minute, so a holder may use its whole minute's allowance at once. */
export const WINDOW_MS = 60_000;

/** An admission's answer also says who decided it, so its later changes go to the same place. */
export interface DecidedAdmission extends Admission {
  /** Decided by this instance alone, because the shared store could not answer (fail open). */
  readonly local: boolean;
}
