/**
 * The end of a sign-up begun with GitHub or Google: the API redirects here with `?pending=<token>`.
 * The token is taken out of the address bar before anything else happens (so it is not left in the
 * history, a bookmark or a shared screenshot) and kept in memory only; the Terms open in a new tab so
 * reading them does not lose it. The account exists only once the visitor confirms their age and
 * accepts the current Terms here.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, PortalError, request } from '../graphql/graphql-client';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { signUpText as text } from './sign-up.strings';

const SignUpTerms = graphql(`
  query SignUpTerms {
    currentTermsVersion
  }
`);

const SignUpComplete = graphql(`
  mutation SignUpComplete($pending: String!, $confirmAdult: Boolean!, $acceptTermsVersion: String!) {
    completeSignUp(pending: $pending, confirmAdult: $confirmAdult, acceptTermsVersion: $acceptTermsVersion) {
      id
    }
  }
`);

/** Reads `?pending=` once and replaces the address with the bare page's. */
function takePendingToken(locale: PortalLocale): string | null {
  const pending = new URLSearchParams(location.search).get('pending');
  if (location.search) history.replaceState(history.state, '', portalHref(locale, '/signup'));
  return pending && pending.length > 0 ? pending : null;
}

type Terms = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; version: string };
type Submit =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done' }
  /** The token is no good any more (expired, used, or from another browser): only starting again helps. */
  | { kind: 'expired'; message: string }
  | { kind: 'error'; message: string };

/** Reasons after which this token cannot complete a sign-up. */
const DEAD_TOKEN_REASONS = new Set(['sign_up_expired', 'account_exists', 'email_in_use']);

export function SignUpPage({ locale }: { locale: PortalLocale }) {
  const [pending] = useState(() => takePendingToken(locale));
  const [terms, setTerms] = useState<Terms>({ kind: 'loading' });
  const [adult, setAdult] = useState(false);
  const [accepted, setAccepted] = useState(false);
  /** Shown after a submit with a box left unchecked, until it is checked. */
  const [checked, setChecked] = useState(false);
  const [submit, setSubmit] = useState<Submit>({ kind: 'idle' });
  const adultRef = useRef<HTMLInputElement>(null);
  const acceptRef = useRef<HTMLInputElement>(null);

  const loadTerms = useCallback(() => {
    request(locale, SignUpTerms, undefined, { allowSignedOut: true }).then(
      ({ currentTermsVersion }) => setTerms({ kind: 'ready', version: currentTermsVersion }),
      (err: unknown) => setTerms({ kind: 'error', message: describeError(locale, err) }),
    );
  }, [locale]);

  useEffect(() => {
    if (pending) loadTerms();
  }, [pending, loadTerms]);

  // Chinese sentences run on without a space before the link.
  const gap = locale === 'en' ? ' ' : '';
  const signInLink = <a href={portalHref(locale, '/signin')}>{text(locale, 'startAgain')}</a>;

  if (!pending)
    return (
      <div class="note" role="status">
        <p>{text(locale, 'missing')}</p>
        <p>
          <a href={portalHref(locale, '/signin')}>{text(locale, 'toSignIn')}</a>
        </p>
      </div>
    );
  if (submit.kind === 'expired')
    return (
      <div class="portal-error" role="alert">
        <p>{submit.message}</p>
        <p>{signInLink}</p>
      </div>
    );
  if (submit.kind === 'done') return <Status>{text(locale, 'done')}</Status>;
  if (terms.kind === 'loading') return <Status>{text(locale, 'loading')}</Status>;
  if (terms.kind === 'error') return <ErrorMessage message={terms.message} />;

  const { version } = terms;
  const adultError = checked && !adult;
  const acceptError = checked && !accepted;

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!adult || !accepted) {
      setChecked(true);
      (adult ? acceptRef : adultRef).current?.focus();
      return;
    }
    setSubmit({ kind: 'busy' });
    try {
      await request(
        locale,
        SignUpComplete,
        { pending: pending ?? '', confirmAdult: true, acceptTermsVersion: version },
        { allowSignedOut: true },
      );
      setSubmit({ kind: 'done' });
      location.assign(portalHref(locale, '/portal'));
    } catch (err) {
      const message = describeError(locale, err);
      const reason = err instanceof PortalError ? err.reason : null;
      if (reason !== null && DEAD_TOKEN_REASONS.has(reason)) {
        setSubmit({ kind: 'expired', message });
        return;
      }
      if (reason === 'consent_required') {
        // Most likely a new Terms version took effect while the page was open: show it, to be accepted anew.
        setAccepted(false);
        loadTerms();
      }
      setSubmit({ kind: 'error', message });
    }
  }

  return (
    <form class="sign-up" noValidate onSubmit={onSubmit}>
      <p class="lead">{text(locale, 'lead')}</p>
      <p>
        {text(locale, 'termsIntro', { version })}
        {gap}
        <a href={portalHref(locale, `/legal/terms/${version}`)} target="_blank" rel="noopener">
          {text(locale, 'termsLink', { version })}
        </a>
      </p>
      <fieldset>
        <legend>{text(locale, 'consentLegend')}</legend>
        <div class={`sign-up-check${adultError ? ' invalid' : ''}`}>
          <input
            ref={adultRef}
            id="sign-up-adult"
            type="checkbox"
            required
            checked={adult}
            aria-invalid={adultError ? 'true' : undefined}
            aria-describedby={adultError ? 'sign-up-adult-error' : undefined}
            onChange={(e) => setAdult(e.currentTarget.checked)}
          />
          <label for="sign-up-adult">{text(locale, 'adult')}</label>
          {adultError && (
            <p id="sign-up-adult-error" class="sign-up-field-error">
              {text(locale, 'adultMissing')}
            </p>
          )}
        </div>
        <div class={`sign-up-check${acceptError ? ' invalid' : ''}`}>
          <input
            ref={acceptRef}
            id="sign-up-accept"
            type="checkbox"
            required
            checked={accepted}
            aria-invalid={acceptError ? 'true' : undefined}
            aria-describedby={acceptError ? 'sign-up-accept-error' : undefined}
            onChange={(e) => setAccepted(e.currentTarget.checked)}
          />
          <label for="sign-up-accept">{text(locale, 'accept', { version })}</label>
          {acceptError && (
            <p id="sign-up-accept-error" class="sign-up-field-error">
              {text(locale, 'acceptMissing')}
            </p>
          )}
        </div>
      </fieldset>
      {submit.kind === 'error' && <ErrorMessage message={submit.message} />}
      <p>
        <button type="submit" class="primary" disabled={submit.kind === 'busy'}>
          {text(locale, 'submit')}
        </button>
      </p>
      {submit.kind === 'busy' && <Status>{text(locale, 'submitting')}</Status>}
      <p class="sign-up-privacy">
        {text(locale, 'privacy')}
        {gap}
        <a href={portalHref(locale, '/legal/privacy')} target="_blank" rel="noopener">
          {text(locale, 'privacyLink')}
        </a>
      </p>
    </form>
  );
}
