/**
 * The docs collection by locale: each doc is written in English (content/docs/<slug>.en.mdx) and may
 * have a Chinese translation (<slug>.zh-cn.mdx); a Chinese page without one shows the English text.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { SiteLocale } from '../i18n/ui';

export interface DocPage {
  slug: string;
  /** The entry shown: the locale's own, or the English one when there is no translation. */
  entry: CollectionEntry<'docs'>;
  /** True when `entry` is the English text standing in for a missing translation. */
  fallback: boolean;
}

/** Every doc as shown in `locale`, ordered by the English text's `order` (then slug). */
export async function docsFor(locale: SiteLocale): Promise<DocPage[]> {
  const all = await getCollection('docs');
  const byId = new Map(all.map((entry) => [entry.id, entry]));
  return all
    .filter((entry) => entry.data.locale === 'en')
    .sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id))
    .map((english) => {
      const slug = english.id.slice(0, -'.en'.length);
      const own = locale === 'en' ? english : byId.get(`${slug}.${locale}`);
      return { slug, entry: own ?? english, fallback: !own };
    });
}
