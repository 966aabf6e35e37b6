/** The portal's pages and their addresses in both languages. */

/** Every portal page a signed-in person sees: page id, English path. */
export const PORTAL_PAGES = [
  { name: 'overview', path: '/portal' },
  { name: 'keys', path: '/portal/keys' },
  { name: 'credits', path: '/portal/credits' },
  { name: 'checkout', path: '/portal/checkout' },
  { name: 'receipt', path: '/portal/receipt' },
  { name: 'usage', path: '/portal/usage' },
  { name: 'sessions', path: '/portal/sessions' },
  { name: 'settings', path: '/portal/settings' },
  { name: 'privacy', path: '/portal/privacy' },
  { name: 'rights-requests', path: '/support/rights-requests' },
  { name: 'abuse-cases', path: '/support/abuse-cases' },
  { name: 'terms', path: '/portal/terms' },
] as const;

/** The pages for visitors who are not signed in. */
export const PUBLIC_PORTAL_PAGES = [
  { name: 'signin', path: '/signin' },
  { name: 'signup', path: '/signup' },
  { name: 'report', path: '/report' },
] as const;

export type Lang = 'en' | 'zh-cn';

/** A site address in a language: `/portal/keys` or `/zh-cn/portal/keys`. */
export const inLang = (lang: Lang, path: string): string => (lang === 'en' ? path : `/zh-cn${path}`);

/** Whether an address (a path, built page or URL) is one of the portal's pages, in either language. */
export function isPortalPath(path: string): boolean {
  const plain = path.replace(/^\/zh-cn(?=\/|$)/, '') || '/';
  return [...PORTAL_PAGES, ...PUBLIC_PORTAL_PAGES].some((p) => plain === p.path);
}
