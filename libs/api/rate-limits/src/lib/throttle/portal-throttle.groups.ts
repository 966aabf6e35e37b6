import type { RateLimitsConfig } from '../rate-limits.config';

/**
 * The HTTP routes besides /v1 that are throttled, in groups that share an allowance per caller
 * (the signed-in account, else the client's truncated IP). /v1 has its own limits (RateLimitsService);
 * health checks and the site's static files are not throttled.
 */
export interface ThrottleGroup {
  readonly name: string;
  /** `field` is the GraphQL operation's top-level field, for /graphql requests. */
  readonly matches: (path: string, field: string | null) => boolean;
  readonly limit: (config: RateLimitsConfig) => number;
  readonly ttlMs: number;
}

const MINUTE_MS = 60_000;

export const THROTTLE_GROUPS: readonly ThrottleGroup[] = [
  {
    // Abuse reports: open to anyone, so held to a few an hour per network (or account).
    name: 'reports',
    matches: (p, field) => p === '/graphql' && field === 'reportAbuse',
    limit: (c) => c.throttle.reportsPerHour,
    ttlMs: 60 * MINUTE_MS,
  },
  { name: 'graphql', matches: (p) => p === '/graphql', limit: (c) => c.throttle.graphql, ttlMs: MINUTE_MS },
  {
    // Sign-in and its callbacks, logout, and the email-change confirmation link.
    name: 'sign-in',
    matches: (p) => p.startsWith('/auth/') || p.startsWith('/account/email'),
    limit: (c) => c.throttle.signIn,
    ttlMs: MINUTE_MS,
  },
  { name: 'webhooks', matches: (p) => p.startsWith('/webhooks/'), limit: (c) => c.throttle.webhooks, ttlMs: MINUTE_MS },
  {
    name: 'portal',
    matches: (p) => p.startsWith('/preferences/') || p.startsWith('/privacy/exports'),
    limit: (c) => c.throttle.portal,
    ttlMs: MINUTE_MS,
  },
];
