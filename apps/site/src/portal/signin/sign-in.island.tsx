/**
 * The sign-in page: one button per provider this server offers, the reason a sign-in failed (the API
 * redirects here with `?error=<code>`), and a way on for a visitor who is signed in already.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, request } from '../graphql/graphql-client';
import { safeNextPath } from '../lib/next-path';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { signOutHere } from '../sessions/sign-out-here';
import { signInErrorSentence } from './sign-in-error';
import { signInText as text } from './sign-in.strings';

const SignInProviders = graphql(`
  query SignInProviders {
    signInProviders
  }
`);

const SignInMe = graphql(`
  query SignInMe {
    me {
      email
    }
  }
`);

/** The providers the page knows how to name, in the order it shows them. */
const KNOWN_PROVIDERS = ['github', 'google'] as const;
type Provider = (typeof KNOWN_PROVIDERS)[number];

type Providers = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; list: Provider[] };

export function SignInPage({ locale }: { locale: PortalLocale }) {
  const [errorCode] = useState(() => new URLSearchParams(location.search).get('error'));
  // The portal page that sent the visitor here (`?next=`), passed on so sign-in ends there (the API
  // checks it again).
  const [returnQuery] = useState(() => {
    const next = safeNextPath(new URLSearchParams(location.search).get('next'), '');
    return next ? `?next=${encodeURIComponent(next)}` : '';
  });
  const [providers, setProviders] = useState<Providers>({ kind: 'loading' });
  /** undefined while asking, null when signed out. */
  const [signedInAs, setSignedInAs] = useState<string | null | undefined>(undefined);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    request(locale, SignInProviders).then(
      ({ signInProviders }) =>
        setProviders({ kind: 'ready', list: KNOWN_PROVIDERS.filter((p) => signInProviders.includes(p)) }),
      (err: unknown) => setProviders({ kind: 'error', message: describeError(locale, err) }),
    );
    // Signed out is the usual case here: that answer is not an error, just nothing to say.
    request(locale, SignInMe, undefined, { allowSignedOut: true }).then(
      ({ me }) => setSignedInAs(me.email),
      () => setSignedInAs(null),
    );
  }, [locale]);

  return (
    <div class="sign-in">
      {errorCode !== null && (
        <div class="portal-error" role="alert">
          <p>{signInErrorSentence(locale, errorCode)}</p>
        </div>
      )}
      {signedInAs && (
        // Signed in, a provider's button would link that provider to this account instead of signing
        // in: the page offers the portal and its settings instead.
        <div class="note sign-in-signed-in">
          <p>{text(locale, 'signedIn', { email: signedInAs })}</p>
          <p>{text(locale, 'otherAccount')}</p>
          <ul class="page-links">
            <li>
              <a href={portalHref(locale, '/portal')}>{text(locale, 'toPortal')}</a>
            </li>
            <li>
              <a href={portalHref(locale, '/portal/settings')}>{text(locale, 'toSettings')}</a>
            </li>
          </ul>
          <p>
            <button
              type="button"
              class="sign-in-sign-out"
              disabled={signingOut}
              onClick={() => {
                setSigningOut(true);
                void signOutHere(portalHref(locale, '/signin'));
              }}
            >
              {text(locale, 'signOut')}
            </button>
          </p>
        </div>
      )}
      {(providers.kind === 'loading' || signedInAs === undefined) && <Status>{text(locale, 'loading')}</Status>}
      {providers.kind === 'error' && <ErrorMessage message={providers.message} />}
      {providers.kind === 'ready' &&
        signedInAs === null &&
        (providers.list.length === 0 ? (
          <p class="note">{text(locale, 'noProviders')}</p>
        ) : (
          <>
            <ul class="sign-in-providers" aria-label={text(locale, 'providersLabel')}>
              {providers.list.map((provider) => (
                <li key={provider}>
                  {/* A plain navigation: the API sends the browser on to the provider. */}
                  <a class={`sign-in-provider sign-in-provider-${provider}`} href={`/auth/${provider}${returnQuery}`}>
                    {text(locale, `provider.${provider}`)}
                  </a>
                </li>
              ))}
            </ul>
            <p class="sign-in-new">{text(locale, 'newAccount')}</p>
          </>
        ))}
      <section aria-labelledby="sign-in-privacy" class="sign-in-privacy">
        <h2 id="sign-in-privacy">{text(locale, 'privacy.heading')}</h2>
        <p>{text(locale, 'privacy.text')}</p>
        <p>
          <a href={portalHref(locale, '/legal/privacy')}>{text(locale, 'privacy.link')}</a>
        </p>
      </section>
    </div>
  );
}
