/** Paging through a cursor-paged list ("Show more"): rows so far, the next cursor, loading and error state. */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../graphql/graphql-client';
import type { PortalLocale } from '../lib/portal-locale';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null | undefined;
}

export interface CursorPages<T> {
  /** null until the first page has arrived. */
  rows: T[] | null;
  cursor: string | null;
  busy: boolean;
  error: string | null;
  /** Loads the page after `after` (null: the first page, replacing the rows). */
  load: (after: string | null) => Promise<void>;
  /** The list's focusable region: it gets the focus when the last page removes the "Show more" button. */
  regionRef: RefObject<HTMLDivElement>;
}

/** Loads the first page on mount and again when the locale changes. */
export function useCursorPages<T>(
  locale: PortalLocale,
  fetchPage: (after: string | null) => Promise<CursorPage<T>>,
): CursorPages<T> {
  const [rows, setRows] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionRef = useRef<HTMLDivElement>(null);
  const [focusList, setFocusList] = useState(false);
  useEffect(() => {
    if (!focusList) return;
    setFocusList(false);
    regionRef.current?.focus();
  }, [focusList]);

  const load = async (after: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await fetchPage(after);
      setRows((old) => [...(after ? (old ?? []) : []), ...page.items]);
      setCursor(page.nextCursor ?? null);
      // The last page removes the "Show more" button that had the focus: keep the reader in the list.
      if (after && !page.nextCursor) setFocusList(true);
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [locale]);

  return { rows, cursor, busy, error, load, regionRef };
}
