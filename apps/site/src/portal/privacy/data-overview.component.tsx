/**
 * The access view: every kind of personal data the account has, grouped by the privacy policy's
 * "What we collect" categories (in the API's order), each with its count and newest records.
 */
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import type { PrivacyOverviewQuery } from '../graphql/generated/graphql';
import { request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime, formatInteger } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { categoryLabel, fieldLabel, kindLabel } from './personal-data-labels';
import { privacyText as text } from './privacy.strings';

const PrivacyOverview = graphql(`
  query PrivacyOverview {
    privacyOverview {
      category
      kinds {
        kind
        count
        newest {
          fields {
            name
            value
          }
        }
      }
    }
  }
`);

type Group = PrivacyOverviewQuery['privacyOverview'][number];
type Kind = Group['kinds'][number];

/** ISO timestamps read as dates in the user's zone; everything else as the API wrote it. */
function showValue(locale: PortalLocale, value: string | null): string {
  if (value === null || value === '') return text(locale, 'none');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return formatDateTime(locale, value);
  }
  return value;
}

function KindBlock({ locale, kind }: { locale: PortalLocale; kind: Kind }) {
  const count =
    kind.count === 1
      ? text(locale, 'data.countOne')
      : text(locale, 'data.count', { count: formatInteger(locale, kind.count) });
  return (
    <li class="data-kind">
      <h4>
        {kindLabel(locale, kind.kind)} <span class="data-count">{count}</span>
      </h4>
      {kind.newest.length > 0 && (
        <details class="data-newest">
          <summary>
            {kind.newest.length === 1
              ? text(locale, 'data.newestOne')
              : text(locale, 'data.newest', { count: kind.newest.length })}
          </summary>
          <ol>
            {kind.newest.map((entry, i) => (
              <li key={i} aria-label={text(locale, 'data.entry', { n: i + 1 })}>
                <dl>
                  {entry.fields.map((field) => (
                    <div key={field.name}>
                      <dt>{fieldLabel(locale, field.name)}</dt>
                      <dd>{showValue(locale, field.value)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

export function DataOverview({ locale, revision = 0 }: { locale: PortalLocale; revision?: number }) {
  const { data, error, load } = usePageQuery(
    locale,
    async () => (await request(locale, PrivacyOverview)).privacyOverview,
    [revision],
  );
  return (
    <>
      <p>
        {text(locale, 'data.intro')} <a href={portalHref(locale, '/legal/privacy')}>{text(locale, 'data.policy')}</a>
      </p>
      {error && <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />}
      {!error && !data && <Status>{text(locale, 'loading')}</Status>}
      {data && (
        <ul class="data-groups">
          {data.map((group) => (
            <li key={group.category} class="data-group">
              <h3>{categoryLabel(locale, group.category)}</h3>
              {group.kinds.length === 0 ? (
                <p class="privacy-hint">{text(locale, 'data.empty')}</p>
              ) : (
                <ul class="data-kinds">
                  {group.kinds.map((kind) => (
                    <KindBlock key={kind.kind} locale={locale} kind={kind} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
