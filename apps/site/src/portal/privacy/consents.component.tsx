/**
 * Consents: each kind the API lists, on or off, with the policy version and time of the last change,
 * and one button that flips it. Withdrawing takes effect at once on the API's side; the page shows
 * the API's answer, not a guess.
 */
import { useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import type { ConsentKind, PrivacyConsentsQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { privacyText as text } from './privacy.strings';

const PrivacyConsents = graphql(`
  query PrivacyConsents {
    myConsents {
      kind
      granted
      policyVersion
      changedAt
    }
  }
`);

const PrivacySetConsent = graphql(`
  mutation PrivacySetConsent($kind: ConsentKind!, $granted: Boolean!) {
    setConsent(kind: $kind, granted: $granted) {
      kind
      granted
      policyVersion
      changedAt
    }
  }
`);

type Consent = PrivacyConsentsQuery['myConsents'][number];

/** The order the page shows them in; a kind the API does not list is shown as never given. */
const KINDS: readonly ConsentKind[] = ['DEBUG_CAPTURES', 'PRODUCT_EMAILS'];

function history(locale: PortalLocale, consent: Consent): string {
  if (!consent.changedAt) return text(locale, 'consent.never');
  const params = {
    date: formatDateTime(locale, consent.changedAt),
    version: consent.policyVersion ?? text(locale, 'none'),
  };
  return text(locale, consent.granted ? 'consent.given' : 'consent.withdrawn', params);
}

export function ConsentsSection({ locale, onChange }: { locale: PortalLocale; onChange?: (c: Consent) => void }) {
  const query = usePageQuery(locale, async () => (await request(locale, PrivacyConsents)).myConsents);
  const [saved, setSaved] = useState<Partial<Record<ConsentKind, Consent>>>({});
  const [busy, setBusy] = useState<ConsentKind | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (query.error)
    return <ErrorMessage message={query.error} retryLabel={portalText(locale, 'shell.retry')} onRetry={query.load} />;
  if (!query.data) return <Status>{text(locale, 'loading')}</Status>;
  const loaded = query.data;

  const current = (kind: ConsentKind): Consent =>
    saved[kind] ??
    loaded.find((c) => c.kind === kind) ?? { kind, granted: false, policyVersion: null, changedAt: null };

  async function flip(kind: ConsentKind) {
    const granted = !current(kind).granted;
    setBusy(kind);
    setError(null);
    setAnnouncement(text(locale, 'consent.saving'));
    try {
      const { setConsent } = await request(locale, PrivacySetConsent, { kind, granted });
      setSaved((all) => ({ ...all, [kind]: setConsent }));
      const name = text(locale, `consent.${kind}`);
      setAnnouncement(text(locale, setConsent.granted ? 'consent.savedOn' : 'consent.savedOff', { name }));
      onChange?.(setConsent);
    } catch (err) {
      setAnnouncement('');
      setError(describeError(locale, err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <p>{text(locale, 'consents.intro')}</p>
      <ul class="consent-list">
        {KINDS.map((kind) => {
          const consent = current(kind);
          const name = text(locale, `consent.${kind}`);
          const action = text(locale, consent.granted ? 'consent.turnOff' : 'consent.turnOn');
          return (
            <li key={kind} class="consent-item">
              <div class="consent-text">
                <h3>
                  {name}{' '}
                  <span class={`badge ${consent.granted ? 'consent-on' : 'consent-off'}`}>
                    {text(locale, consent.granted ? 'consent.on' : 'consent.off')}
                  </span>
                </h3>
                <p>{text(locale, `consent.${kind}.text`)}</p>
                <p class="privacy-hint">{history(locale, consent)}</p>
              </div>
              <button
                type="button"
                class="consent-switch"
                aria-label={`${action}: ${name}`}
                disabled={busy !== null}
                onClick={() => void flip(kind)}
              >
                {action}
              </button>
            </li>
          );
        })}
      </ul>
      <p class="portal-status" role="status">
        {announcement}
      </p>
      {error && <ErrorMessage message={error} />}
    </>
  );
}
