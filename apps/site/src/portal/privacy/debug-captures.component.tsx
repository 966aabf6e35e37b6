/**
 * Debug captures: the requests kept because the user asked (header + consent). Each shows its model,
 * time and expiry; its prompt and completion open on request. Delete one, or all after a confirmation.
 */
import { useRef, useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { PrivacyDebugCapturesQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime, formatInteger } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { ConfirmDialog } from '../sessions/confirm-dialog.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { privacyText as text } from './privacy.strings';

const PrivacyDebugCaptures = graphql(`
  query PrivacyDebugCaptures {
    myDebugCaptures {
      id
      requestId
      model
      createdAt
      expiresAt
      prompt
      completion
    }
  }
`);

const PrivacyDeleteDebugCapture = graphql(`
  mutation PrivacyDeleteDebugCapture($id: ID!) {
    deleteDebugCapture(id: $id)
  }
`);

const PrivacyDeleteAllDebugCaptures = graphql(`
  mutation PrivacyDeleteAllDebugCaptures {
    deleteAllDebugCaptures
  }
`);

type Capture = PrivacyDebugCapturesQuery['myDebugCaptures'][number];

/**
 * A prompt as the API keeps it (the request's messages as JSON) made readable: one "role: content"
 * block per message; other JSON indented; anything else as it is.
 */
function readablePrompt(prompt: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(prompt);
  } catch {
    return prompt;
  }
  const isMessage = (m: unknown): m is { role: string; content: unknown } =>
    typeof m === 'object' && m !== null && typeof (m as { role?: unknown }).role === 'string';
  if (Array.isArray(parsed) && parsed.every(isMessage)) {
    return parsed
      .map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content, null, 2)}`)
      .join('\n\n');
  }
  return typeof parsed === 'string' ? parsed : JSON.stringify(parsed, null, 2);
}

export function DebugCapturesSection({ locale }: { locale: PortalLocale }) {
  const query = usePageQuery(locale, async () => (await request(locale, PrivacyDebugCaptures)).myDebugCaptures);
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const heading = useRef<HTMLParagraphElement>(null);

  if (query.error)
    return <ErrorMessage message={query.error} retryLabel={portalText(locale, 'shell.retry')} onRetry={query.load} />;
  if (!query.data) return <Status>{text(locale, 'loading')}</Status>;
  const captures: Capture[] = query.data.filter((c) => !deleted.has(c.id));

  async function deleteOne(capture: Capture) {
    setBusy(true);
    setError(null);
    try {
      await request(locale, PrivacyDeleteDebugCapture, { id: capture.id });
      setDeleted((set) => new Set([...set, capture.id]));
      setAnnouncement(text(locale, 'debug.deleted'));
      heading.current?.focus();
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  async function deleteAll() {
    setBusy(true);
    setError(null);
    try {
      const { deleteAllDebugCaptures } = await request(locale, PrivacyDeleteAllDebugCaptures);
      setDeleted(new Set(query.data?.map((c) => c.id)));
      setConfirmAll(false);
      setAnnouncement(text(locale, 'debug.deletedAll', { count: formatInteger(locale, deleteAllDebugCaptures) }));
    } catch (err) {
      setError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p ref={heading} tabIndex={-1}>
        {text(locale, 'debug.intro')}
      </p>
      <p class="portal-status" role="status">
        {announcement}
      </p>
      {!confirmAll && error && <ErrorMessage message={error} />}
      {captures.length === 0 ? (
        <p>{text(locale, 'debug.empty')}</p>
      ) : (
        <>
          <ul class="capture-list">
            {captures.map((capture) => {
              const time = formatDateTime(locale, capture.createdAt);
              return (
                <li key={capture.id} class="capture-card">
                  <dl class="capture-facts">
                    <div>
                      <dt>{text(locale, 'debug.model')}</dt>
                      <dd>{capture.model}</dd>
                    </div>
                    <div>
                      <dt>{text(locale, 'debug.created')}</dt>
                      <dd>
                        <time dateTime={capture.createdAt}>{time}</time>
                      </dd>
                    </div>
                    <div>
                      <dt>{text(locale, 'debug.expires')}</dt>
                      <dd>
                        <time dateTime={capture.expiresAt}>{formatDateTime(locale, capture.expiresAt)}</time>
                      </dd>
                    </div>
                  </dl>
                  <details class="capture-content">
                    <summary>{text(locale, 'debug.show')}</summary>
                    <p class="privacy-hint">
                      {text(locale, 'debug.request')}: <code>{capture.requestId}</code>
                    </p>
                    <h4>{text(locale, 'debug.prompt')}</h4>
                    <pre>{readablePrompt(capture.prompt)}</pre>
                    <h4>{text(locale, 'debug.completion')}</h4>
                    <pre>{capture.completion}</pre>
                  </details>
                  <p class="capture-action">
                    <button
                      type="button"
                      class="danger"
                      disabled={busy}
                      aria-label={text(locale, 'debug.deleteLabel', { time, model: capture.model })}
                      onClick={() => void deleteOne(capture)}
                    >
                      {text(locale, 'debug.delete')}
                    </button>
                  </p>
                </li>
              );
            })}
          </ul>
          <p>
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirmAll(true)}>
              {text(locale, 'debug.deleteAll')}
            </button>
          </p>
        </>
      )}
      <ConfirmDialog
        open={confirmAll}
        title={text(locale, 'debug.deleteAllTitle')}
        text={text(locale, 'debug.deleteAllText')}
        confirmLabel={text(locale, 'debug.deleteAll')}
        cancelLabel={text(locale, 'debug.cancel')}
        busy={busy}
        error={confirmAll ? error : null}
        onConfirm={() => void deleteAll()}
        onCancel={() => setConfirmAll(false)}
        fallbackFocus={heading}
      />
    </>
  );
}
