/** The profile's change history: which field changed and when (never the values). */
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import { request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { settingsText as text } from './settings.strings';

const SettingsProfileChanges = graphql(`
  query SettingsProfileChanges {
    myProfileChanges {
      field
      changedAt
    }
  }
`);

const FIELDS = { email: 'field.email', displayName: 'field.displayName', language: 'field.language' } as const;

function fieldName(locale: PortalLocale, field: string): string {
  return field in FIELDS ? text(locale, FIELDS[field as keyof typeof FIELDS]) : field;
}

export function ProfileChanges({ locale }: { locale: PortalLocale }) {
  const { data, error, load } = usePageQuery(locale, async () =>
    [...(await request(locale, SettingsProfileChanges)).myProfileChanges].sort((a, b) =>
      b.changedAt.localeCompare(a.changedAt),
    ),
  );
  if (error) return <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />;
  if (!data) return <Status>{text(locale, 'loading')}</Status>;
  return (
    <>
      <p>{text(locale, 'changes.intro')}</p>
      {data.length === 0 ? (
        <p>{text(locale, 'changes.empty')}</p>
      ) : (
        <ul class="settings-methods settings-changes" aria-label={text(locale, 'changes.label')}>
          {data.map((change, i) => (
            <li key={i}>
              <span class="settings-method-name">{fieldName(locale, change.field)}</span>
              <time dateTime={change.changedAt}>{formatDateTime(locale, change.changedAt)}</time>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
