import type { RateLimitsConfig } from '../rate-limits.config';

/**
 * The HTTP routes besides /v1 that are throttled, in groups that share a per-minute allowance per caller
 * (the signed-in account, else the client's truncated IP). /v1 has its own limits (RateLimitsService);
 * health checks and the site's static files are not throttled.
 */
export interface ThrottleGroup {
  readonly name: string;
  readonly matches: (path: string) => boolean;
  readonly perMinute: (config: RateLimitsConfig) => number;
}

export const THROTTLE_GROUPS: readonly ThrottleGroup[] = [
  { name: 'graphql', matches: (p) => p === '/graphql', perMinute: (c) => c.throttle.graphql },
  {
    // Sign-in and its callbacks, logout, and the email-change confirmation link.
    name: 'sign-in',
    matches: (p) => p.startsWith('/auth/') || p.startsWith('/account/email'),
    perMinute: (c) => c.throttle.signIn,
  },
  { name: 'webhooks', matches: (p) => p.startsWith('/webhooks/'), perMinute: (c) => c.throttle.webhooks },
  {
    name: 'portal',
    matches: (p) => p.startsWith('/preferences/') || p.startsWith('/privacy/exports'),
    perMinute: (c) => c.throttle.portal,
  },
];
