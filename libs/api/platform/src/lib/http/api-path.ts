/**
 * Whether a request URL is the developer API (`/v1`, `/v1/...`, `/v1?...`). Express matches routes
 * without regard to case, so `/V1/models` is the API too. Cheap: it runs on every request.
 */
export function isApiUrl(url: string): boolean {
  if (url.length < 3 || url.charCodeAt(0) !== 0x2f) return false;
  const v = url.charCodeAt(1);
  if ((v !== 0x76 && v !== 0x56) || url.charCodeAt(2) !== 0x31) return false;
  const next = url.charCodeAt(3);
  // After `/v1`: the end, a path or a query string (`/v10` is not the API).
  return Number.isNaN(next) || next === 0x2f || next === 0x3f;
}

/** The same routes for Nest's middleware exclusions (path-to-regexp syntax). */
export const API_ROUTES = ['v1', 'v1/{*rest}'] as const;
