/**
 * The page PortalApp sends a user to when a material new version of the Terms took effect after the
 * one they accepted: what changed, links to the texts, and the one button that records acceptance.
 */
import { useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, PortalError, request } from '../graphql/graphql-client';
import { formatUtcDay } from '../lib/format';
import { portalHref } from '../lib/portal-locale';
import { safeNextPath } from '../lib/next-path';
import { termsText as text } from './terms.strings';

const TermsAccept = graphql(`
  mutation TermsAccept($version: String!) {
    acceptTerms(version: $version) {
      id
    }
  }
`);

/**
 * Translated summaries, written into the page at build time (`version → summary`): the API's summary
 * is the English one.
 */
function translatedSummary(version: string): string | null {
  const raw = document.getElementById('terms-summaries')?.dataset['summaries'];
  if (!raw) return null;
  try {
    const summaries = JSON.parse(raw) as Record<string, unknown>;
    const summary = summaries[version];
    return typeof summary === 'string' ? summary : null;
  } catch {
    return null;
  }
}

type Accept = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'error'; message: string };

export function TermsPage() {
  const { locale, me, reloadMe } = usePortal();
  const [accept, setAccept] = useState<Accept>({ kind: 'idle' });
  const required = me.termsAcceptanceRequired;

  if (!required)
    return (
      <div role="status">
        <p>{text(locale, 'nothing')}</p>
        <p>
          <a href={portalHref(locale, '/portal')}>{text(locale, 'toOverview')}</a>
        </p>
      </div>
    );

  const { version, materialVersion, effective, summary, changesPath } = required;
  const localSummary = locale === 'en' ? summary : translatedSummary(materialVersion);

  async function onAccept() {
    setAccept({ kind: 'busy' });
    try {
      await request(locale, TermsAccept, { version });
      setAccept({ kind: 'done' });
      const next = new URLSearchParams(location.search).get('next');
      location.assign(safeNextPath(next, portalHref(locale, '/portal')));
    } catch (err) {
      setAccept({ kind: 'error', message: describeError(locale, err) });
      // A newer version took effect while the page was open: show that one instead.
      if (err instanceof PortalError && err.reason === 'terms_version_not_current') void reloadMe();
    }
  }

  return (
    <section class="terms-accept" aria-labelledby="terms-version">
      <p>{text(locale, 'intro')}</p>
      <h2 id="terms-version">{text(locale, 'heading', { version })}</h2>
      <dl class="terms-facts">
        <div>
          <dt>{text(locale, 'effective')}</dt>
          <dd>
            <time dateTime={effective}>{formatUtcDay(locale, effective)}</time>
          </dd>
        </div>
        <div>
          <dt>{text(locale, 'summary')}</dt>
          <dd>
            {localSummary ?? (
              <>
                <span lang="en">{summary}</span> <span class="terms-note">{text(locale, 'summaryEnglish')}</span>
              </>
            )}
          </dd>
        </div>
      </dl>
      <ul class="page-links">
        <li>
          <a href={portalHref(locale, changesPath)}>{text(locale, 'changes')}</a>
        </li>
        <li>
          <a href={portalHref(locale, `/legal/terms/${version}`)}>{text(locale, 'full')}</a>
        </li>
      </ul>
      <p class="note">{text(locale, 'keysWork')}</p>
      {accept.kind === 'error' && <ErrorMessage message={accept.message} />}
      <p>
        <button
          type="button"
          class="terms-accept-button"
          disabled={accept.kind !== 'idle' && accept.kind !== 'error'}
          onClick={onAccept}
        >
          {text(locale, 'accept', { version })}
        </button>
      </p>
      {accept.kind === 'busy' && <Status>{text(locale, 'accepting')}</Status>}
      {accept.kind === 'done' && <Status>{text(locale, 'accepted')}</Status>}
    </section>
  );
}
