/**
 * Strings of the portal's frame (navigation, loading, errors), shared by the Astro layout and the
 * islands. Each page's own strings live beside its island.
 */
import { defineStrings } from '../lib/portal-locale';

export const portalText = defineStrings(
  {
    'nav.label': 'Portal',
    'nav.overview': 'Overview',
    'nav.keys': 'API keys',
    'nav.credits': 'Credits',
    'nav.usage': 'Usage',
    'nav.sessions': 'Sessions',
    'nav.settings': 'Settings',
    'nav.privacy': 'Privacy',
    'nav.signOut': 'Sign out',
    'shell.loading': 'Loading…',
    'shell.redirecting': 'Taking you to sign in…',
    'shell.termsRedirect': 'The Terms of Service have changed; taking you to them…',
    'shell.retry': 'Try again',
    'shell.noscript': 'The portal needs JavaScript. Everything else on this site works without it.',
    'shell.signedInAs': 'Signed in as {email}',
    'shell.signingOut': 'Signing out…',
  },
  {
    'nav.label': '控制台',
    'nav.overview': '概览',
    'nav.keys': 'API 密钥',
    'nav.credits': '额度',
    'nav.usage': '用量',
    'nav.sessions': '登录会话',
    'nav.settings': '设置',
    'nav.privacy': '隐私',
    'nav.signOut': '退出登录',
    'shell.loading': '正在加载…',
    'shell.redirecting': '正在前往登录页面…',
    'shell.termsRedirect': '服务条款已更新，正在为您打开…',
    'shell.retry': '重试',
    'shell.noscript': '控制台需要启用 JavaScript。本站其他页面无需 JavaScript 即可使用。',
    'shell.signedInAs': '当前登录：{email}',
    'shell.signingOut': '正在退出登录…',
  },
);

export type PortalPageId =
  | 'overview'
  | 'keys'
  | 'credits'
  | 'checkout'
  | 'receipt'
  | 'usage'
  | 'sessions'
  | 'settings'
  | 'privacy'
  | 'terms'
  | 'rights-queue'
  | 'abuse-queue';

/** The portal's navigation, in order. Abuse reporting joins it here. (Support's pages are reached by address.) */
export const PORTAL_NAV: readonly { page: PortalPageId; path: string; label: Parameters<typeof portalText>[1] }[] = [
  { page: 'overview', path: '/portal', label: 'nav.overview' },
  { page: 'keys', path: '/portal/keys', label: 'nav.keys' },
  { page: 'credits', path: '/portal/credits', label: 'nav.credits' },
  { page: 'usage', path: '/portal/usage', label: 'nav.usage' },
  { page: 'sessions', path: '/portal/sessions', label: 'nav.sessions' },
  { page: 'settings', path: '/portal/settings', label: 'nav.settings' },
  { page: 'privacy', path: '/portal/privacy', label: 'nav.privacy' },
];
