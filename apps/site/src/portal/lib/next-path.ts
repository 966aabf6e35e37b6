/**
 * Where the portal returns after signing in or accepting the Terms: the page the user was on
 * (`?next=`), but only a portal page of this site. Anything else — another site, `//host`, `/\host`, a non-portal page, the
 * Terms page itself — goes to the portal's overview, so the parameter cannot send anyone elsewhere.
 */
const PORTAL_PATH = /^(\/zh-cn)?\/portal(\/[A-Za-z0-9\-_/]*)?$/;
const TERMS_PATH = /^(\/zh-cn)?\/portal\/terms\/?$/;

export function safeNextPath(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return fallback;
  let url: URL;
  try {
    // A base with a host of its own: any `next` that names another host shows up as a different origin.
    url = new URL(next, 'https://portal.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'https://portal.invalid') return fallback;
  if (!PORTAL_PATH.test(url.pathname) || TERMS_PATH.test(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}
