/**
 * Support's abuse case queue: open cases newest first (closed ones on request), each with its reports,
 * the account's signals and its history; a note, and a decision that closes the case (confirmed first,
 * since a suspension takes effect at once). Support and admins only: anyone else is told so (the API
 * refuses them the operations too).
 */
import { CASE_DECISIONS, type CaseDecision } from '@vipcloud/contracts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { AbuseCaseFileQuery, AbuseCaseStatus } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { ConfirmDialog } from '../sessions/confirm-dialog.component';
import { abuseQueueText as text } from './abuse-queue.strings';

graphql(`
  fragment AbuseCaseFileFields on AbuseCaseFile {
    accountEmail
    case {
      id
      accountId
      apiKeyId
      reason
      status
      openedAt
      decision
      closedAt
    }
    events {
      at
      actor
      action
      note
    }
    reports {
      id
      createdAt
      category
      description
      reportedKeyPrefix
      reporterContact
    }
    signals {
      id
      createdAt
      kind
      detail
    }
  }
`);

const AbuseCaseIds = graphql(`
  query AbuseCaseIds($status: AbuseCaseStatus) {
    abuseCases(status: $status) {
      id
    }
  }
`);

const AbuseCaseFile = graphql(`
  query AbuseCaseFile($id: ID!) {
    abuseCase(id: $id) {
      ...AbuseCaseFileFields
    }
  }
`);

const AbuseCaseNote = graphql(`
  mutation AbuseCaseNote($id: ID!, $note: String!) {
    addAbuseCaseNote(caseId: $id, note: $note) {
      ...AbuseCaseFileFields
    }
  }
`);

const AbuseCaseDecide = graphql(`
  mutation AbuseCaseDecide($input: DecideAbuseCaseInput!) {
    decideAbuseCase(input: $input) {
      ...AbuseCaseFileFields
    }
  }
`);

type CaseFile = AbuseCaseFileQuery['abuseCase'];
type Decision = CaseDecision;

function actorLabel(locale: PortalLocale, actor: string): string {
  return actor === 'system' ? text(locale, 'actor.system') : actor;
}

function CaseCard({ locale, file: initial }: { locale: PortalLocale; file: CaseFile }) {
  const [file, setFile] = useState(initial);
  const [note, setNote] = useState('');
  const [decision, setDecision] = useState<Decision | ''>('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { case: kase } = file;
  const id = `abuse-${kase.id}`;
  const open = kase.status === 'open';

  async function run(work: () => Promise<CaseFile>) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setFile(await work());
      setNote('');
      setSaved(true);
      setConfirm(false);
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  const addNote = (event: Event) => {
    event.preventDefault();
    if (!note.trim()) return;
    void run(async () => (await request(locale, AbuseCaseNote, { id: kase.id, note: note.trim() })).addAbuseCaseNote);
  };
  const askToDecide = () => {
    if (!decision) {
      setError(text(locale, 'choose'));
      return;
    }
    setError(null);
    setConfirm(true);
  };
  const decide = () =>
    run(
      async () =>
        (
          await request(locale, AbuseCaseDecide, {
            input: { caseId: kase.id, decision, note: note.trim() || null },
          })
        ).decideAbuseCase,
    );

  return (
    <li class="case-card">
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {text(locale, `reason.${kase.reason as 'report'}`)}{' '}
        <span class="badge">{text(locale, open ? 'status.open' : 'status.closed')}</span>
      </h3>
      <p class="case-due">{text(locale, 'case.opened', { date: formatDateTime(locale, kase.openedAt) })}</p>
      <dl class="case-facts">
        <div>
          <dt>{text(locale, 'case.account')}</dt>
          <dd>
            {file.accountEmail ?? kase.accountId ?? text(locale, 'case.none')}
            {file.accountEmail && <span class="privacy-hint"> ({kase.accountId})</span>}
          </dd>
        </div>
        <div>
          <dt>{text(locale, 'case.key')}</dt>
          <dd>{kase.apiKeyId ?? text(locale, 'case.none')}</dd>
        </div>
        {kase.decision && (
          <div>
            <dt>{text(locale, 'case.decision')}</dt>
            <dd>{text(locale, `decision.${kase.decision as Decision}`)}</dd>
          </div>
        )}
      </dl>
      <h4>{text(locale, 'case.reports')}</h4>
      <ul class="abuse-reports">
        {file.reports.map((r) => (
          <li key={r.id}>
            <p>
              <span class="badge">{r.category}</span> {formatDateTime(locale, r.createdAt)}
            </p>
            <p class="case-description">{r.description}</p>
            {r.reportedKeyPrefix && <p>{text(locale, 'report.key', { prefix: r.reportedKeyPrefix })}</p>}
            <p class="privacy-hint">
              {r.reporterContact
                ? text(locale, 'report.contact', { contact: r.reporterContact })
                : text(locale, 'report.noContact')}
            </p>
          </li>
        ))}
      </ul>
      <h4>{text(locale, 'case.signals')}</h4>
      {file.signals.length === 0 ? (
        <p>{text(locale, 'case.noSignals')}</p>
      ) : (
        <ul class="abuse-signals">
          {file.signals.map((s) => (
            <li key={s.id}>
              {formatDateTime(locale, s.createdAt)} · <code>{s.kind}</code>
              {s.detail && (
                <>
                  {' '}
                  · <code>{s.detail}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>{text(locale, 'case.history')}</h4>
      <ol class="abuse-history">
        {file.events.map((e, i) => (
          <li key={i}>
            {formatDateTime(locale, e.at)} · {actorLabel(locale, e.actor)} ·{' '}
            {text(locale, `action.${e.action as 'opened'}`)}
            {e.note && <span class="case-description"> — {e.note}</span>}
          </li>
        ))}
      </ol>
      <form class="case-update" onSubmit={addNote} aria-labelledby={`${id}-title`}>
        <label for={`${id}-note`}>{text(locale, 'note')}</label>
        <textarea id={`${id}-note`} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <p>
          <button type="submit" disabled={busy || !note.trim()}>
            {text(locale, 'addNote')}
          </button>{' '}
          <span class="portal-status" role="status">
            {saved && text(locale, 'saved')}
          </span>
        </p>
        {open && (
          <div class="abuse-decide">
            <label for={`${id}-decision`}>{text(locale, 'case.decision')}</label>
            <select
              id={`${id}-decision`}
              value={decision}
              onChange={(e) => setDecision(e.currentTarget.value as Decision)}
            >
              <option value="" disabled>
                —
              </option>
              {CASE_DECISIONS.map((d) => (
                <option key={d} value={d}>
                  {text(locale, `decision.${d}`)}
                </option>
              ))}
            </select>{' '}
            <button type="button" class="danger" disabled={busy} onClick={askToDecide}>
              {busy ? text(locale, 'deciding') : text(locale, 'decide')}
            </button>
          </div>
        )}
        {!confirm && error && <ErrorMessage message={error} />}
      </form>
      <ConfirmDialog
        open={confirm}
        title={text(locale, 'confirmTitle')}
        text={text(locale, 'confirmText', { decision: decision ? text(locale, `decision.${decision}`) : '' })}
        confirmLabel={text(locale, 'decide')}
        cancelLabel={text(locale, 'cancel')}
        busy={busy}
        error={confirm ? error : null}
        onConfirm={() => void decide()}
        onCancel={() => setConfirm(false)}
        fallbackFocus={heading}
      />
    </li>
  );
}

function Queue({ locale }: { locale: PortalLocale }) {
  const [status, setStatus] = useState<AbuseCaseStatus>('OPEN');
  const [files, setFiles] = useState<CaseFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    setFiles(null);
    request(locale, AbuseCaseIds, { status })
      .then(({ abuseCases }) =>
        Promise.all(abuseCases.map(async (c) => (await request(locale, AbuseCaseFile, { id: c.id })).abuseCase)),
      )
      .then(setFiles, (err: unknown) => setError(describeError(locale, err)));
  };
  useEffect(load, [locale, status]);

  return (
    <>
      <p class="queue-filter">
        <input
          type="checkbox"
          id="abuse-show-closed"
          checked={status === 'CLOSED'}
          onChange={(e) => setStatus(e.currentTarget.checked ? 'CLOSED' : 'OPEN')}
        />
        <label for="abuse-show-closed">{text(locale, 'showClosed')}</label>
      </p>
      {error && <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />}
      {!error && !files && <Status>{text(locale, 'loading')}</Status>}
      {files && files.length === 0 && <p>{text(locale, 'empty')}</p>}
      {files && files.length > 0 && (
        <ul class="case-list">
          {files.map((f) => (
            <CaseCard key={f.case.id} locale={locale} file={f} />
          ))}
        </ul>
      )}
    </>
  );
}

export function AbuseQueuePage() {
  const { locale, me } = usePortal();
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
  return (
    <div class="rights-queue">
      <Queue locale={locale} />
    </div>
  );
}
