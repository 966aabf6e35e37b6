import type { HelmetOptions } from 'helmet';

/** One HSTS policy for every answer of the origin, API and site alike: a year, subdomains included. */
export const HSTS_OPTIONS = { maxAge: 31_536_000, includeSubDomains: true } as const;

/**
 * helmet's defaults for every response. No Content-Security-Policy: API answers are JSON or
 * streams that no browser renders as a page; the site sets its own policy on its pages.
 */
export const API_HELMET_OPTIONS: Readonly<HelmetOptions> = { hsts: HSTS_OPTIONS, contentSecurityPolicy: false };
