/**
 * Support's queue of rights requests: every request by its due date, overdue ones flagged, each with
 * its status and a note to update; a form to record a request that arrived by email; and closing an
 * account reported as under 18 (at once, no grace period). Support and admins only: anyone else is
 * told so (the API refuses them the operations too).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { RightsQueueQuery, RightsRequestStatus, RightsRequestType } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate, formatDateTime } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { RIGHTS_REQUEST_STATUSES, RIGHTS_REQUEST_TYPES, rightsRequestText } from '../privacy/rights-request.strings';
import { ConfirmDialog } from '../sessions/confirm-dialog.component';
import { rightsQueueText as text } from './rights-queue.strings';

// The fields the queue shows, once for the query and the two mutations that answer with a request.
graphql(`
  fragment RightsCaseFields on RightsRequestCase {
    id
    type
    status
    receivedAt
    dueAt
    overdue
    closedAt
    description
    accountEmail
    contactEmail
    source
    note
  }
`);

const RightsQueue = graphql(`
  query RightsQueue($includeClosed: Boolean) {
    rightsRequestQueue(includeClosed: $includeClosed) {
      ...RightsCaseFields
    }
  }
`);

const RightsUpdate = graphql(`
  mutation RightsUpdate($id: ID!, $status: RightsRequestStatus!, $note: String) {
    updateRightsRequest(id: $id, status: $status, note: $note) {
      ...RightsCaseFields
    }
  }
`);

const RightsRecord = graphql(`
  mutation RightsRecord(
    $type: RightsRequestType!
    $contactEmail: String!
    $receivedAt: DateTime!
    $description: String!
  ) {
    recordRightsRequest(type: $type, contactEmail: $contactEmail, receivedAt: $receivedAt, description: $description) {
      ...RightsCaseFields
    }
  }
`);

const RightsCloseUnderage = graphql(`
  mutation RightsCloseUnderage($email: String!, $note: String!) {
    closeUnderageAccount(email: $email, note: $note)
  }
`);

type Case = RightsQueueQuery['rightsRequestQueue'][number];

const byDueDate = (a: Case, b: Case): number => a.dueAt.localeCompare(b.dueAt);

/** Today as YYYY-MM-DD in the user's zone (a date input's value). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function CaseCard({ locale, item, onSaved }: { locale: PortalLocale; item: Case; onSaved: (c: Case) => void }) {
  const [status, setStatus] = useState<RightsRequestStatus>(item.status);
  const [note, setNote] = useState(item.note ?? '');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'saved' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  const id = `case-${item.id}`;

  async function onSubmit(event: Event) {
    event.preventDefault();
    setState({ kind: 'busy' });
    try {
      const { updateRightsRequest } = await request(locale, RightsUpdate, {
        id: item.id,
        status,
        note: note.trim() === '' ? null : note.trim(),
      });
      setState({ kind: 'saved' });
      onSaved(updateRightsRequest);
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  const open = !item.closedAt;
  return (
    <li class={`case-card${item.overdue && open ? ' case-overdue' : ''}`}>
      <h3 id={`${id}-title`}>
        {rightsRequestText(locale, `type.${item.type}`)}{' '}
        <span class="badge">{rightsRequestText(locale, `status.${item.status}`)}</span>{' '}
        {item.overdue && open && <span class="badge overdue">{text(locale, 'queue.overdue')}</span>}
      </h3>
      <p class="case-due">{text(locale, 'queue.due', { date: formatDate(locale, item.dueAt) })}</p>
      <dl class="case-facts">
        <div>
          <dt>{text(locale, 'queue.received')}</dt>
          <dd>{formatDateTime(locale, item.receivedAt)}</dd>
        </div>
        <div>
          <dt>{text(locale, 'queue.account')}</dt>
          <dd>{item.accountEmail ?? text(locale, 'queue.noAccount')}</dd>
        </div>
        {item.contactEmail && item.contactEmail !== item.accountEmail && (
          <div>
            <dt>{text(locale, 'queue.contact')}</dt>
            <dd>{item.contactEmail}</dd>
          </div>
        )}
        <div>
          <dt>{text(locale, 'queue.source')}</dt>
          <dd>
            {item.source === 'email'
              ? text(locale, 'source.email')
              : item.source === 'portal'
                ? text(locale, 'source.portal')
                : item.source}
          </dd>
        </div>
        {item.closedAt && (
          <div>
            <dt>{text(locale, 'queue.closed')}</dt>
            <dd>{formatDateTime(locale, item.closedAt)}</dd>
          </div>
        )}
      </dl>
      {item.description && <p class="case-description">{item.description}</p>}
      <form class="case-update" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
        <div class="case-update-fields">
          <div>
            <label for={`${id}-status`}>{text(locale, 'update.status')}</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as RightsRequestStatus)}
            >
              {RIGHTS_REQUEST_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {rightsRequestText(locale, `status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="case-note">
            <label for={`${id}-note`}>{text(locale, 'update.note')}</label>
            <textarea id={`${id}-note`} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
        </div>
        <p>
          <button type="submit" disabled={state.kind === 'busy'}>
            {state.kind === 'busy' ? text(locale, 'update.saving') : text(locale, 'update.save')}
          </button>{' '}
          <span class="portal-status" role="status">
            {state.kind === 'saved' && text(locale, 'update.saved')}
          </span>
        </p>
        {state.kind === 'error' && <ErrorMessage message={state.message} />}
      </form>
    </li>
  );
}

function Queue({ locale, version }: { locale: PortalLocale; version: number }) {
  const [includeClosed, setIncludeClosed] = useState(false);
  const [cases, setCases] = useState<Case[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    request(locale, RightsQueue, { includeClosed }).then(
      ({ rightsRequestQueue }) => setCases([...rightsRequestQueue].sort(byDueDate)),
      (err: unknown) => setError(describeError(locale, err)),
    );
  };
  useEffect(load, [locale, includeClosed, version]);

  return (
    <>
      <p class="queue-filter">
        <input
          type="checkbox"
          id="queue-include-closed"
          checked={includeClosed}
          onChange={(e) => setIncludeClosed(e.currentTarget.checked)}
        />
        <label for="queue-include-closed">{text(locale, 'queue.includeClosed')}</label>
      </p>
      {error && <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />}
      {!error && !cases && <Status>{text(locale, 'loading')}</Status>}
      {cases && cases.length === 0 && <p>{text(locale, 'queue.empty')}</p>}
      {cases && cases.length > 0 && (
        <ul class="case-list">
          {cases.map((item) => (
            <CaseCard
              key={item.id}
              locale={locale}
              item={item}
              onSaved={(saved) => setCases((list) => (list ?? []).map((c) => (c.id === saved.id ? saved : c)))}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function RecordForm({ locale, onRecorded }: { locale: PortalLocale; onRecorded: () => void }) {
  const [type, setType] = useState<RightsRequestType>('ACCESS');
  const [email, setEmail] = useState('');
  const [received, setReceived] = useState(today);
  const [description, setDescription] = useState('');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; due: string } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!email.trim() || !received || !description.trim()) {
      setState({ kind: 'error', message: text(locale, 'record.missing') });
      return;
    }
    setState({ kind: 'busy' });
    try {
      // The start of that day where support works: the due date never comes later than 30 days after receipt.
      const receivedAt =
        received === today() ? new Date().toISOString() : new Date(`${received}T00:00:00`).toISOString();
      const { recordRightsRequest } = await request(locale, RightsRecord, {
        type,
        contactEmail: email.trim(),
        receivedAt,
        description: description.trim(),
      });
      setEmail('');
      setDescription('');
      setState({ kind: 'done', due: formatDate(locale, recordRightsRequest.dueAt) });
      onRecorded();
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  return (
    <form class="privacy-form" onSubmit={onSubmit} noValidate>
      <p>{text(locale, 'record.intro')}</p>
      <div class="form-grid">
        <div>
          <label for="record-type">{text(locale, 'record.type')}</label>
          <select id="record-type" value={type} onChange={(e) => setType(e.currentTarget.value as RightsRequestType)}>
            {RIGHTS_REQUEST_TYPES.map((t) => (
              <option key={t} value={t}>
                {rightsRequestText(locale, `type.${t}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="record-received">{text(locale, 'record.received')}</label>
          <input
            id="record-received"
            type="date"
            max={today()}
            value={received}
            onInput={(e) => setReceived(e.currentTarget.value)}
          />
        </div>
      </div>
      <label for="record-email">{text(locale, 'record.email')}</label>
      <input
        id="record-email"
        type="email"
        autoComplete="off"
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for="record-description">{text(locale, 'record.description')}</label>
      <textarea
        id="record-description"
        rows={3}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <p>
        <button type="submit" class="privacy-primary" disabled={state.kind === 'busy'}>
          {state.kind === 'busy' ? text(locale, 'record.sending') : text(locale, 'record.submit')}
        </button>
      </p>
      <p class="portal-status" role="status">
        {state.kind === 'done' && text(locale, 'record.done', { date: state.due })}
      </p>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
    </form>
  );
}

function UnderageForm({ locale, onClosed }: { locale: PortalLocale; onClosed: () => void }) {
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const heading = useRef<HTMLParagraphElement>(null);

  function onSubmit(event: Event) {
    event.preventDefault();
    setDone('');
    if (!email.trim() || !note.trim()) {
      setError(text(locale, 'underage.missing'));
      return;
    }
    setError(null);
    setConfirm(true);
  }

  async function onConfirm() {
    setBusy(true);
    setError(null);
    const target = email.trim();
    try {
      const { closeUnderageAccount } = await request(locale, RightsCloseUnderage, { email: target, note: note.trim() });
      setConfirm(false);
      if (closeUnderageAccount) {
        setEmail('');
        setNote('');
        setDone(text(locale, 'underage.done', { email: target }));
        onClosed();
      } else setError(text(locale, 'underage.notFound', { email: target }));
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="privacy-form" onSubmit={onSubmit} noValidate>
      <p ref={heading} tabIndex={-1}>
        {text(locale, 'underage.intro')}
      </p>
      <label for="underage-email">{text(locale, 'underage.email')}</label>
      <input
        id="underage-email"
        type="email"
        autoComplete="off"
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for="underage-note">{text(locale, 'underage.note')}</label>
      <textarea id="underage-note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <p>
        <button type="submit" class="danger">
          {text(locale, 'underage.submit')}
        </button>
      </p>
      <p class="portal-status" role="status">
        {done}
      </p>
      {!confirm && error && <ErrorMessage message={error} />}
      <ConfirmDialog
        open={confirm}
        title={text(locale, 'underage.confirmTitle')}
        text={text(locale, 'underage.confirmText', { email: email.trim() })}
        confirmLabel={text(locale, 'underage.submit')}
        cancelLabel={text(locale, 'underage.cancel')}
        busy={busy}
        error={confirm ? error : null}
        onConfirm={() => void onConfirm()}
        onCancel={() => setConfirm(false)}
        fallbackFocus={heading}
      />
    </form>
  );
}

export function RightsQueuePage() {
  const { locale, me } = usePortal();
  // Recording a request or closing an account adds to the queue: it is loaded again.
  const [version, setVersion] = useState(0);
  if (me.role !== 'SUPPORT' && me.role !== 'ADMIN') {
    return (
      <div class="rights-queue">
        <p class="note">{text(locale, 'forbidden')}</p>
        <p>
          <a href={portalHref(locale, '/portal')}>{text(locale, 'toPortal')}</a>
        </p>
      </div>
    );
  }
  const reload = () => setVersion((v) => v + 1);
  return (
    <div class="rights-queue">
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{text(locale, 'queue.heading')}</h2>
        <Queue locale={locale} version={version} />
      </section>
      <section aria-labelledby="record-heading">
        <h2 id="record-heading">{text(locale, 'record.heading')}</h2>
        <RecordForm locale={locale} onRecorded={reload} />
      </section>
      <section aria-labelledby="underage-heading">
        <h2 id="underage-heading">{text(locale, 'underage.heading')}</h2>
        <UnderageForm locale={locale} onClosed={reload} />
      </section>
    </div>
  );
}
