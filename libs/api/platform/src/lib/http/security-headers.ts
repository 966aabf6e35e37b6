import type { RequestHandler } from 'express';
import helmet, { HelmetOptions } from 'helmet';
import { isApiUrl } from './api-path';

/** One HSTS policy for every answer of the origin, API and site alike: a year, subdomains included. */
export const HSTS_OPTIONS = { maxAge: 31_536_000, includeSubDomains: true } as const;

/**
 * helmet's defaults for every response. No Content-Security-Policy: API answers are JSON or
 * streams that no browser renders as a page; the site sets its own policy on its pages.
 */
export const API_HELMET_OPTIONS: Readonly<HelmetOptions> = { hsts: HSTS_OPTIONS, contentSecurityPolicy: false };

const HSTS_VALUE = `max-age=${HSTS_OPTIONS.maxAge}; includeSubDomains`;

/**
 * The security headers of every answer. `/v1` answers are JSON or event streams read by SDKs, never
 * documents a browser renders or frames, so helmet's document headers (frame, opener, referrer,
 * download and DNS-prefetch policies) mean nothing there and cost a middleware each on the hottest
 * path: it gets only what still applies, nosniff (a JSON error must not be sniffed into HTML) and the
 * origin's HSTS. Everything else (GraphQL, health, OAuth, the site) gets helmet's full set.
 */
export function securityHeaders(): RequestHandler {
  const full = helmet(API_HELMET_OPTIONS);
  return (req, res, next) => {
    if (!isApiUrl(req.url)) return full(req, res, next);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    next();
  };
}
