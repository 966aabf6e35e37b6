/**
 * The routing, caching and header rules of the site, as plain values and functions: the API applies
 * them (site.middleware.ts), and the README's "Hosting the site on its own" repeats them for a
 * static host, so they are written once here.
 */

/**
 * Paths the API answers. The site never touches them: not a page, not a 404 page, no compression
 * (it would buffer /v1's streams), so an unknown `/v1/...` keeps OpenAI's JSON 404.
 */
export const API_PATH_PREFIXES = [
  '/v1',
  '/graphql',
  '/auth',
  '/webhooks',
  '/preferences',
  '/healthz',
  '/readyz',
] as const;

/** The policy in the site plan, verbatim: pages load only same-origin files and run no inline script or style. */
export const SITE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** Powerful features no page of ours uses, denied so an injected script cannot ask for them either. */
export const SITE_PERMISSIONS_POLICY = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'interest-cohort',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** Astro names every file under /_astro/ by its content's hash: a new build means a new name. */
export const HASHED_ASSETS_DIR = '_astro';
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Pages (and unhashed files) may be cached, but are revalidated (ETag/Last-Modified) before each use. */
export const REVALIDATE_CACHE = 'no-cache';

export function isApiPath(path: string): boolean {
  // Express matches routes without regard to case, so /V1/models is still the API.
  const lower = path.toLowerCase();
  return API_PATH_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}

/** The Chinese pages live under /zh-cn; their 404 page too. */
export function isChinesePath(path: string): boolean {
  return /^\/zh-cn(\/|$)/i.test(path);
}

/** The built 404 pages' own addresses (`/404`, `/zh-cn/404.html`, …): they answer only as a 404. */
export function isNotFoundPagePath(path: string): boolean {
  return /^(\/zh-cn)?\/404(\.html)?$/i.test(path);
}

/**
 * Where a path with a trailing slash redirects: the same path without it. Leading slashes collapse
 * to one and backslashes are encoded, so `//host/` or `/\host/` cannot become a redirect to another
 * site. Null when the path is canonical already (the root is the one path that ends with a slash).
 */
export function canonicalPath(path: string): string | null {
  if (path === '/' || !path.endsWith('/')) return null;
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return `/${trimmed.replace(/\\/g, '%5C')}`;
}

/**
 * The files a page path may be, besides the path itself (which serve-static tries, with `.html`
 * appended when no such file exists): with Astro's `file` format a page `/docs` is `docs.html` beside
 * a `docs/` folder (which hides it from serve-static), with `directory` it is `docs/index.html`.
 */
export function pageAlternatives(path: string): string[] {
  if (path.endsWith('/') || /\.[^/]*$/.test(path)) return [];
  return [`${path}.html`, `${path}/`];
}
