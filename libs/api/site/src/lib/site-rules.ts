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
  '/privacy/exports',
  // The link that confirms a new contact email address (sent by email, answered with a redirect).
  '/account/email',
  '/healthz',
  '/readyz',
] as const;

/** The policy in the site plan, verbatim: pages load only same-origin files and run no inline script or style. */
export const SITE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * The one page that loads a script from another origin: the portal's checkout, which opens Paddle's
 * overlay checkout with Paddle.js v2 (loaded only when the visitor clicks buy). English and Chinese,
 * as the file (`.html`) too, since a static host may be asked for either.
 */
export function isCheckoutPage(path: string): boolean {
  return /^(\/zh-cn)?\/portal\/checkout(\.html)?$/.test(path);
}

/** The sign-up page carries a pending sign-up's token in its URL (`/signup?pending=…`). */
export function isSignUpPage(path: string): boolean {
  return /^(\/zh-cn)?\/signup(\.html)?$/.test(path);
}

/** Paddle's overlay checkout: the frame Paddle.js opens, live and sandbox. */
export const PADDLE_CHECKOUT_FRAME_ORIGINS = ['https://buy.paddle.com', 'https://sandbox-buy.paddle.com'] as const;
/** Paddle.js's own stylesheet and images (and its error page, shown in a frame), live and sandbox. */
export const PADDLE_ASSET_ORIGINS = ['https://cdn.paddle.com', 'https://sandbox-cdn.paddle.com'] as const;
/** What Paddle.js calls from the page itself (checkout and price previews), live and sandbox. */
export const PADDLE_CONNECT_ORIGINS = [
  'https://checkout-service.paddle.com',
  'https://sandbox-checkout-service.paddle.com',
] as const;

/** A script URL's origin (`https://cdn.paddle.com` for Paddle's own Paddle.js): what a policy names. */
export function scriptOrigin(url: string): string {
  return new URL(url).origin;
}

const unique = (values: readonly string[]): string => [...new Set(values)].join(' ');

/**
 * The checkout page's policy: the site's, plus Paddle.js from `paddleJsOrigin` (the origin of
 * PADDLE_JS_URL) and what Paddle.js needs once loaded: its stylesheet and images, its checkout frame,
 * its API. The script's origin counts as a Paddle asset host too, so a Paddle.js served from elsewhere
 * (a stand-in on loopback in tests) can show its own frame and styles. Still no inline script or style.
 */
export function checkoutContentSecurityPolicy(paddleJsOrigin: string): string {
  const assets = [paddleJsOrigin, ...PADDLE_ASSET_ORIGINS];
  return [
    "default-src 'self'",
    `script-src 'self' ${paddleJsOrigin}`,
    `style-src 'self' ${unique(assets)}`,
    `img-src 'self' data: ${unique(assets)}`,
    `connect-src 'self' ${unique([paddleJsOrigin, ...PADDLE_CONNECT_ORIGINS])}`,
    "font-src 'self'",
    `frame-src ${unique([...PADDLE_CHECKOUT_FRAME_ORIGINS, ...assets])}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * A page's Content-Security-Policy. `paddleJsOrigin` is null when this server offers no checkout
 * (billing's checkoutSettings is null): the checkout page then keeps the strict policy as well.
 */
export function contentSecurityPolicy(path: string, paddleJsOrigin: string | null): string {
  return paddleJsOrigin !== null && isCheckoutPage(path)
    ? checkoutContentSecurityPolicy(paddleJsOrigin)
    : SITE_CONTENT_SECURITY_POLICY;
}

export const SITE_REFERRER_POLICY = 'strict-origin-when-cross-origin';

/**
 * No Referer at all from the sign-up page: its URL holds the pending token, which must not reach
 * even our own access logs (same-origin requests would carry the full URL otherwise).
 */
export function referrerPolicy(path: string): string {
  return isSignUpPage(path) ? 'no-referrer' : SITE_REFERRER_POLICY;
}

/** Powerful features no page of ours uses, denied so an injected script cannot ask for them either. */
const DENIED_FEATURES = [
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
];

export const SITE_PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/**
 * The checkout page's: the same, except that Paddle's checkout frame may use the Payment Request API
 * (Apple Pay, Google Pay); a frame can never get a feature its page's policy denies. The page itself
 * still may not.
 */
export const CHECKOUT_PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) =>
  feature === 'payment'
    ? `payment=(${PADDLE_CHECKOUT_FRAME_ORIGINS.map((origin) => `"${origin}"`).join(' ')})`
    : `${feature}=()`,
).join(', ');

export function permissionsPolicy(path: string, paddleJsOrigin: string | null): string {
  return paddleJsOrigin !== null && isCheckoutPage(path) ? CHECKOUT_PERMISSIONS_POLICY : SITE_PERMISSIONS_POLICY;
}

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
