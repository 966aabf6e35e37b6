/**
 * A page's one query: loaded on mount and when the locale (or one of `deps`) changes, again on `load()`
 * (the retry button). The data shown stays until the new answer replaces it.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../graphql/graphql-client';
import type { PortalLocale } from '../lib/portal-locale';

export interface PageQuery<T> {
  /** null until the answer has arrived. */
  data: T | null;
  /** The sentence to show when the last attempt failed. */
  error: string | null;
  load: () => void;
}

export function usePageQuery<T>(
  locale: PortalLocale,
  fetch: () => Promise<T>,
  deps: readonly unknown[] = [],
): PageQuery<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    fetch().then(setData, (err: unknown) => setError(describeError(locale, err)));
  };
  useEffect(load, [locale, ...deps]);

  return { data, error, load };
}
