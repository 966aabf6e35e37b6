/**
 * The frame of every signed-in portal island: loads the signed-in account once, sends a signed-out
 * visitor to sign in, and one who must accept changed Terms to the Terms page (`/portal/terms`), then
 * renders the page with the account in context.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { graphql } from '../graphql/generated';
import type { PortalMeQuery } from '../graphql/generated/graphql';
import { PortalError, request } from '../graphql/graphql-client';
import { portalText, type PortalPageId } from '../i18n/portal-strings';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { ErrorMessage, Status } from './status.component';

const PortalMe = graphql(`
  query PortalMe {
    me {
      id
      email
      role
      termsAcceptanceRequired {
        version
        materialVersion
        effective
        summary
        changesPath
      }
    }
  }
`);

export type PortalAccount = PortalMeQuery['me'];

export interface PortalContextValue {
  locale: PortalLocale;
  me: PortalAccount;
  /** Loads the account again (after accepting the Terms, changing the name, …). */
  reloadMe: () => Promise<void>;
}

const PortalContext = createContext<PortalContextValue | null>(null);

export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal() outside <PortalApp>');
  return value;
}

interface Props {
  locale: PortalLocale;
  page: PortalPageId;
  children: ComponentChildren;
}

type State =
  | { kind: 'loading' }
  | { kind: 'leaving'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; me: PortalAccount };

export function PortalApp({ locale, page, children }: Props) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const { me } = await request(locale, PortalMe);
      if (me.termsAcceptanceRequired && page !== 'terms') {
        setState({ kind: 'leaving', message: portalText(locale, 'shell.termsRedirect') });
        const next = encodeURIComponent(location.pathname + location.search);
        location.replace(`${portalHref(locale, '/portal/terms')}?next=${next}`);
        return;
      }
      setState({ kind: 'ready', me });
    } catch (err) {
      if (err instanceof PortalError && err.code === 'UNAUTHENTICATED') {
        setState({ kind: 'leaving', message: portalText(locale, 'shell.redirecting') });
        return;
      }
      setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }, [locale, page]);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === 'loading') return <Status>{portalText(locale, 'shell.loading')}</Status>;
  if (state.kind === 'leaving') return <Status>{state.message}</Status>;
  if (state.kind === 'error')
    return <ErrorMessage message={state.message} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />;
  return <PortalContext.Provider value={{ locale, me: state.me, reloadMe: load }}>{children}</PortalContext.Provider>;
}
