/**
 * The user's rights requests (made here, or by email and recorded by support) with their due dates,
 * a form to object to processing, and where to complain to a data-protection authority. The
 * authorities' pages are plain links: nothing on this page loads from another site.
 */
import { useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import type { PrivacyRightsRequestsQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { privacyText as text } from './privacy.strings';
import { rightsRequestText } from './rights-request.strings';

const PrivacyRightsRequests = graphql(`
  query PrivacyRightsRequests {
    myRightsRequests {
      id
      type
      status
      receivedAt
      dueAt
      overdue
      closedAt
      description
    }
  }
`);

const PrivacyObject = graphql(`
  mutation PrivacyObject($description: String!) {
    objectToProcessing(description: $description) {
      id
      type
      status
      receivedAt
      dueAt
      overdue
      closedAt
      description
    }
  }
`);

type RightsRequest = PrivacyRightsRequestsQuery['myRightsRequests'][number];

const EDPB_MEMBERS = 'https://edpb.europa.eu/about-edpb/about-edpb/members_en';
const PCPD = 'https://www.pcpd.org.hk/';

function RequestsTable({ locale, list }: { locale: PortalLocale; list: RightsRequest[] }) {
  if (list.length === 0) return <p>{text(locale, 'requests.empty')}</p>;
  return (
    <div class="table-scroll table-stack" tabindex={0} role="region" aria-label={text(locale, 'requests.label')}>
      <table class="rights-table">
        <thead>
          <tr>
            <th scope="col">{text(locale, 'requests.type')}</th>
            <th scope="col">{text(locale, 'requests.status')}</th>
            <th scope="col">{text(locale, 'requests.received')}</th>
            <th scope="col">{text(locale, 'requests.due')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id}>
              <td data-label={text(locale, 'requests.type')}>{rightsRequestText(locale, `type.${r.type}`)}</td>
              <td data-label={text(locale, 'requests.status')}>{rightsRequestText(locale, `status.${r.status}`)}</td>
              <td data-label={text(locale, 'requests.received')}>{formatDate(locale, r.receivedAt)}</td>
              <td data-label={text(locale, 'requests.due')}>
                {r.closedAt ? text(locale, 'none') : formatDate(locale, r.dueAt)}{' '}
                {r.overdue && !r.closedAt && <span class="badge overdue">{text(locale, 'requests.overdue')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ObjectionForm({ locale, onSent }: { locale: PortalLocale; onSent: (r: RightsRequest) => void }) {
  const [description, setDescription] = useState('');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'sent'; due: string } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (description.trim() === '') {
      setState({ kind: 'error', message: text(locale, 'object.empty') });
      return;
    }
    setState({ kind: 'busy' });
    try {
      const { objectToProcessing } = await request(locale, PrivacyObject, { description: description.trim() });
      setDescription('');
      setState({ kind: 'sent', due: formatDate(locale, objectToProcessing.dueAt) });
      onSent(objectToProcessing);
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  return (
    <form class="privacy-form" onSubmit={onSubmit}>
      <h3 id="object-heading">{text(locale, 'object.heading')}</h3>
      <p id="object-hint">{text(locale, 'object.intro')}</p>
      <label for="object-description">{text(locale, 'object.label')}</label>
      <textarea
        id="object-description"
        rows={4}
        maxLength={4000}
        aria-describedby="object-hint"
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <p>
        <button type="submit" class="privacy-primary" disabled={state.kind === 'busy'}>
          {state.kind === 'busy' ? text(locale, 'object.sending') : text(locale, 'object.submit')}
        </button>
      </p>
      <p class="portal-status" role="status">
        {state.kind === 'sent' && text(locale, 'object.sent', { date: state.due })}
      </p>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
    </form>
  );
}

/** The complaint sentence with its two links put in where the translation has them. */
function Complaint({ locale }: { locale: PortalLocale }) {
  const parts = text(locale, 'complaint.text').split(/(\{edpb\}|\{pcpd\})/);
  return (
    <>
      <h3>{text(locale, 'complaint.heading')}</h3>
      <p>
        {parts.map((part, i) =>
          part === '{edpb}' ? (
            <a key={i} href={EDPB_MEMBERS} rel="noopener noreferrer">
              {text(locale, 'complaint.edpb')}
            </a>
          ) : part === '{pcpd}' ? (
            <a key={i} href={PCPD} rel="noopener noreferrer" lang={locale === 'en' ? 'en' : undefined}>
              {text(locale, 'complaint.pcpd')}
            </a>
          ) : (
            part
          ),
        )}
      </p>
    </>
  );
}

export function RightsRequestsSection({
  locale,
  privacyEmail,
  revision = 0,
}: {
  locale: PortalLocale;
  privacyEmail: string;
  revision?: number;
}) {
  const query = usePageQuery(locale, async () => (await request(locale, PrivacyRightsRequests)).myRightsRequests, [
    revision,
  ]);
  const [added, setAdded] = useState<RightsRequest[]>([]);
  const list = query.data ? [...added.filter((a) => !query.data?.some((r) => r.id === a.id)), ...query.data] : null;
  return (
    <>
      <p>
        {/* The address as a link, where the translation puts it. */}
        {text(locale, 'requests.intro')
          .split('{email}')
          .flatMap((part, i) =>
            i === 0
              ? [part]
              : [
                  <a key={i} href={`mailto:${privacyEmail}`}>
                    {privacyEmail}
                  </a>,
                  part,
                ],
          )}
      </p>
      {query.error && (
        <ErrorMessage message={query.error} retryLabel={portalText(locale, 'shell.retry')} onRetry={query.load} />
      )}
      {!query.error && !list && <Status>{text(locale, 'loading')}</Status>}
      {list && <RequestsTable locale={locale} list={list} />}
      <ObjectionForm locale={locale} onSent={(r) => setAdded((all) => [r, ...all])} />
      <Complaint locale={locale} />
    </>
  );
}
