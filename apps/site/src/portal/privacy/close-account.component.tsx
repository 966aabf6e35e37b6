/**
 * Closing the account: what happens (keys and sessions stop at once, 30 days to change one's mind by
 * signing in, billing records kept 7 years pseudonymised), the email typed as confirmation, then the
 * goodbye page. The API asks for a recent sign-in (REAUTH_REQUIRED): the page then signs this browser
 * out and sends it to sign in, coming back here (`?reauth=1`) to finish. The closing mutation answers
 * REAUTH_REQUIRED as UNAUTHENTICATED, so it is sent with allowSignedOut and handled here.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, PortalError, request, signInHref } from '../graphql/graphql-client';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { signOutHere } from '../sessions/sign-out-here';
import { isPrivacyError } from './privacy-errors';
import { privacyText as text } from './privacy.strings';

const PrivacyCloseAccount = graphql(`
  mutation PrivacyCloseAccount($confirmEmail: String!) {
    closeAccount(confirmEmail: $confirmEmail) {
      closedAt
      deleteAfter
    }
  }
`);

/** The query parameter the sign-in comes back with. */
const BACK_PARAM = 'reauth';

/** Reads `?reauth=1` once and takes it out of the address, so a reload does not announce it again. */
function takeBackFromSignIn(): boolean {
  const params = new URLSearchParams(location.search);
  if (!params.has(BACK_PARAM)) return false;
  params.delete(BACK_PARAM);
  const query = params.toString();
  history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  return true;
}

type State =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'reauth' } | { kind: 'leaving' } | { kind: 'error'; message: string };

export function CloseAccountSection({ locale, email }: { locale: PortalLocale; email: string }) {
  const [back] = useState(takeBackFromSignIn);
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!back) return;
    input.current?.scrollIntoView({ block: 'center' });
    input.current?.focus();
  }, [back]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (typed.trim().toLowerCase() !== email.toLowerCase()) {
      setState({ kind: 'error', message: text(locale, 'close.mismatch', { email }) });
      return;
    }
    setState({ kind: 'busy' });
    try {
      // REAUTH_REQUIRED comes as UNAUTHENTICATED (with its own reason): answered here, not by the
      // client's usual trip to the sign-in page, which would find this session still signed in.
      const { closeAccount } = await request(
        locale,
        PrivacyCloseAccount,
        { confirmEmail: typed.trim() },
        { allowSignedOut: true },
      );
      // Every session ended with it, this one too: the goodbye page needs no sign-in.
      location.assign(`${portalHref(locale, '/account-closed')}?until=${encodeURIComponent(closeAccount.deleteAfter)}`);
    } catch (err) {
      if (isPrivacyError(err, 'REAUTH_REQUIRED')) setState({ kind: 'reauth' });
      else if (err instanceof PortalError && err.code === 'UNAUTHENTICATED') location.assign(signInHref(locale));
      else setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  function signInAgain() {
    setState({ kind: 'leaving' });
    // No #fragment: the API returns only to a path with a plain query (this page scrolls to the form itself).
    const here = `${portalHref(locale, '/portal/privacy')}?${BACK_PARAM}=1`;
    // Signed in, the sign-in page would offer the portal instead of the providers: sign out first.
    void signOutHere(signInHref(locale, here));
  }

  const busy = state.kind === 'busy' || state.kind === 'leaving';
  return (
    <>
      <p>{text(locale, 'close.what')}</p>
      <p>{text(locale, 'close.grace')}</p>
      <p>{text(locale, 'close.billing')}</p>
      {back && (
        <p class="note" role="status">
          {text(locale, 'close.back')}
        </p>
      )}
      <form class="privacy-form close-form" onSubmit={onSubmit} noValidate>
        <label for="close-email">{text(locale, 'close.emailLabel', { email })}</label>
        <input
          ref={input}
          id="close-email"
          type="email"
          autoComplete="off"
          spellcheck={false}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <p>
          <button type="submit" class="danger" disabled={busy}>
            {state.kind === 'busy' ? text(locale, 'close.closing') : text(locale, 'close.submit')}
          </button>
        </p>
      </form>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      {(state.kind === 'reauth' || state.kind === 'leaving') && (
        <div class="note" role="alert">
          <p>{text(locale, 'close.reauth')}</p>
          <p>
            <button type="button" class="privacy-primary" disabled={state.kind === 'leaving'} onClick={signInAgain}>
              {text(locale, 'close.signInAgain')}
            </button>
          </p>
        </div>
      )}
    </>
  );
}
