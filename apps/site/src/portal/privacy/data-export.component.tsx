/**
 * Export: request one, watch it being built (the list is polled while an export is QUEUED or BUILDING),
 * then download it until it expires. One export at a time: the API refuses a second with
 * EXPORT_IN_PROGRESS, which the page explains and answers by showing the one under way.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { PrivacyExportsQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate, formatDateTime } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { isPrivacyError } from './privacy-errors';
import { privacyText as text } from './privacy.strings';

const PrivacyExports = graphql(`
  query PrivacyExports {
    myDataExports {
      id
      status
      progress
      requestedAt
      readyAt
      expiresAt
      downloadUrl
    }
  }
`);

const PrivacyRequestExport = graphql(`
  mutation PrivacyRequestExport {
    requestDataExport {
      id
      status
      progress
      requestedAt
      readyAt
      expiresAt
      downloadUrl
    }
  }
`);

type DataExport = PrivacyExportsQuery['myDataExports'][number];

/** How often the page asks again while an export is being built. */
const POLL_MS = 2000;

const inProgress = (e: DataExport): boolean => e.status === 'QUEUED' || e.status === 'BUILDING';

/** Newest first, whatever order the API sent. */
function newestFirst(list: readonly DataExport[]): DataExport[] {
  return [...list].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
}

function ExportState({ locale, item }: { locale: PortalLocale; item: DataExport }) {
  const progress = Math.max(0, Math.min(100, item.progress));
  if (inProgress(item)) {
    return (
      <div class="export-progress">
        <p class="portal-status" role="status">
          {item.status === 'QUEUED' ? text(locale, 'export.queued') : text(locale, 'export.building', { progress })}
        </p>
        <progress
          max={100}
          value={item.status === 'QUEUED' ? 0 : progress}
          aria-label={text(locale, 'export.progressLabel')}
        >
          {progress}%
        </progress>
      </div>
    );
  }
  if (item.status === 'READY' && item.downloadUrl) {
    return (
      <div class="export-ready" role="status">
        <p>{text(locale, 'export.ready')}</p>
        <p>
          {/* A plain link: the download is an attachment answered with the session cookie. */}
          <a class="export-download" href={item.downloadUrl} download>
            {text(locale, 'export.download')}
          </a>
        </p>
        {item.expiresAt && (
          <p class="privacy-hint">{text(locale, 'export.expires', { date: formatDateTime(locale, item.expiresAt) })}</p>
        )}
      </div>
    );
  }
  if (item.status === 'FAILED') return <p>{text(locale, 'export.failed')}</p>;
  return <p>{text(locale, 'export.expired', { date: formatDate(locale, item.expiresAt ?? item.requestedAt) })}</p>;
}

export function DataExportSection({ locale, onChange }: { locale: PortalLocale; onChange?: () => void }) {
  const [exports, setExports] = useState<DataExport[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = () => {
    setLoadError(null);
    return request(locale, PrivacyExports).then(
      ({ myDataExports }) => setExports(newestFirst(myDataExports)),
      (err: unknown) => setLoadError(describeError(locale, err)),
    );
  };

  useEffect(() => {
    void load();
  }, [locale]);

  const building = exports?.some(inProgress) ?? false;
  // An export that has just finished (or failed) changed the data and its rights request.
  const wasBuilding = useRef(false);
  useEffect(() => {
    if (wasBuilding.current && !building) onChange?.();
    wasBuilding.current = building;
  }, [building]);
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [building, exports]);

  async function onRequest() {
    setBusy(true);
    setActionError(null);
    try {
      const { requestDataExport } = await request(locale, PrivacyRequestExport);
      setExports((list) =>
        newestFirst([requestDataExport, ...(list ?? []).filter((e) => e.id !== requestDataExport.id)]),
      );
      onChange?.();
    } catch (err) {
      if (isPrivacyError(err, 'EXPORT_IN_PROGRESS')) {
        setActionError(text(locale, 'export.inProgress'));
        void load();
      } else setActionError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  if (loadError)
    return (
      <ErrorMessage message={loadError} retryLabel={portalText(locale, 'shell.retry')} onRetry={() => void load()} />
    );
  if (!exports) return <Status>{text(locale, 'loading')}</Status>;

  const [latest, ...earlier] = exports;
  return (
    <>
      <p>{text(locale, 'export.intro')}</p>
      {latest && (
        <div class="export-latest">
          <p class="privacy-hint">
            {text(locale, 'export.requestedAt', { date: formatDateTime(locale, latest.requestedAt) })}
          </p>
          <ExportState locale={locale} item={latest} />
        </div>
      )}
      <p>
        <button type="button" class="privacy-primary" disabled={busy || building} onClick={() => void onRequest()}>
          {busy ? text(locale, 'export.requesting') : text(locale, 'export.request')}
        </button>
      </p>
      {actionError && <ErrorMessage message={actionError} />}
      {earlier.length > 0 && (
        <details class="export-earlier">
          <summary>{text(locale, 'export.earlier')}</summary>
          <ul>
            {earlier.map((item) => (
              <li key={item.id}>
                {formatDateTime(locale, item.requestedAt)} — {text(locale, `status.${item.status}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
