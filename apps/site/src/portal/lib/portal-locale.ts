/**
 * The portal's languages and addresses. The same two locales as the rest of the site (src/i18n/ui.ts);
 * repeated here as a type only, so a portal page's script does not carry the site's whole string table.
 */
import type { SiteLocale } from '../../i18n/ui';

export type PortalLocale = SiteLocale;

/** BCP 47 tag for Intl and `lang` attributes. */
export function intlLocale(locale: PortalLocale): 'en' | 'zh-CN' {
  return locale === 'en' ? 'en' : 'zh-CN';
}

/** A site address in `locale`: `/portal/keys` or `/zh-cn/portal/keys`. */
export function portalHref(locale: PortalLocale, path: string): string {
  if (locale === 'en') return path;
  return path === '/' ? '/zh-cn' : `/zh-cn${path}`;
}

/** The locale a page was built for, from its root element (`data-locale`). */
export function readLocale(el: HTMLElement): PortalLocale {
  return el.dataset['locale'] === 'zh-cn' ? 'zh-cn' : 'en';
}

/**
 * Strings of one portal area in both languages: the Chinese table must have every English key (a
 * missing one is a type error). `{name}` placeholders are filled from `params`.
 */
export function defineStrings<K extends string>(
  en: Record<K, string>,
  zhCn: Record<K, string>,
): (locale: PortalLocale, key: K, params?: Record<string, string | number>) => string {
  const tables: Record<PortalLocale, Record<K, string>> = { en, 'zh-cn': zhCn };
  return (locale, key, params = {}) =>
    tables[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
