/**
 * The account's signed-in browsers: this one (sign out), the others (end each, after a confirmation)
 * and "sign out everywhere". An ended session disappears from the list and the page says so.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { SessionsListQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { formatDateTime } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { ConfirmDialog } from './confirm-dialog.component';
import { sessionsText as text } from './sessions.strings';
import { signOutHere } from './sign-out-here';
import { browserName } from './user-agent';

const SessionsList = graphql(`
  query SessionsList {
    mySessions {
      id
      current
      device
      ipPrefix
      createdAt
      lastSeenAt
    }
  }
`);

const SessionsEnd = graphql(`
  mutation SessionsEnd($id: ID!) {
    endSession(id: $id)
  }
`);

const SessionsEndAll = graphql(`
  mutation SessionsEndAll {
    endAllSessions
  }
`);

type Session = SessionsListQuery['mySessions'][number];

function deviceLabel(locale: PortalLocale, device: string | null): string {
  if (!device) return text(locale, 'unknownDevice');
  const { browser, os } = browserName(device);
  if (browser && os) return text(locale, 'browserOn', { browser, os });
  return browser ?? os ?? (device.length > 60 ? `${device.slice(0, 60)}…` : device);
}

type Confirm = { kind: 'one'; session: Session } | { kind: 'all' } | null;

function SessionCard({
  locale,
  session,
  children,
}: {
  locale: PortalLocale;
  session: Session;
  children?: ComponentChildren;
}) {
  const label = deviceLabel(locale, session.device);
  return (
    <li class="session-card">
      <h3>{label}</h3>
      <dl class="session-facts">
        <div>
          <dt>{text(locale, 'lastSeen')}</dt>
          <dd>
            <time dateTime={session.lastSeenAt}>{formatDateTime(locale, session.lastSeenAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{text(locale, 'created')}</dt>
          <dd>
            <time dateTime={session.createdAt}>{formatDateTime(locale, session.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>
            {text(locale, 'ip')} <span class="session-hint">{text(locale, 'ipNote')}</span>
          </dt>
          <dd class="session-ip">{session.ipPrefix ?? text(locale, 'ipUnknown')}</dd>
        </div>
      </dl>
      {session.device && (
        <details class="session-details">
          <summary>{text(locale, 'details')}</summary>
          <p>{session.device}</p>
        </details>
      )}
      {children}
    </li>
  );
}

export function SessionsPage() {
  const { locale } = usePortal();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const othersHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    setLoadError(null);
    request(locale, SessionsList).then(
      ({ mySessions }) => setSessions(mySessions),
      (err: unknown) => setLoadError(describeError(locale, err)),
    );
  }, [locale]);

  useEffect(load, [load]);

  if (loadError) return <ErrorMessage message={loadError} />;
  if (!sessions) return <Status>{text(locale, 'loading')}</Status>;

  const current = sessions.find((s) => s.current);
  const others = sessions.filter((s) => !s.current);

  const ask = (next: Confirm) => {
    setActionError(null);
    setConfirm(next);
  };

  async function onConfirm() {
    if (!confirm) return;
    setBusy(true);
    setActionError(null);
    try {
      if (confirm.kind === 'all') {
        await request(locale, SessionsEndAll);
        location.assign(portalHref(locale, '/'));
        return;
      }
      const ended = confirm.session;
      await request(locale, SessionsEnd, { id: ended.id });
      setSessions((list) => (list ?? []).filter((s) => s.id !== ended.id));
      setConfirm(null);
      setAnnouncement(text(locale, 'ended', { device: deviceLabel(locale, ended.device) }));
    } catch (err) {
      setActionError(describeError(locale, err));
    } finally {
      setBusy(false);
    }
  }

  const confirmSession = confirm?.kind === 'one' ? confirm.session : null;
  const confirmDevice = confirmSession ? deviceLabel(locale, confirmSession.device) : '';
  const confirmLastSeen = confirmSession ? formatDateTime(locale, confirmSession.lastSeenAt) : '';

  return (
    <div class="sessions">
      {current && (
        <section aria-labelledby="sessions-current">
          <h2 id="sessions-current">{text(locale, 'thisDevice')}</h2>
          <ul class="session-list">
            <SessionCard locale={locale} session={current}>
              <p class="session-action">
                <button
                  type="button"
                  disabled={signingOut}
                  onClick={() => {
                    setSigningOut(true);
                    void signOutHere(portalHref(locale, '/'));
                  }}
                >
                  {text(locale, 'signOut')}
                </button>
              </p>
            </SessionCard>
          </ul>
          {signingOut && <Status>{text(locale, 'signingOut')}</Status>}
        </section>
      )}
      <section aria-labelledby="sessions-others">
        <h2 id="sessions-others" ref={othersHeading} tabIndex={-1}>
          {text(locale, 'otherDevices')}
        </h2>
        <p class="portal-status" role="status">
          {announcement}
        </p>
        {others.length === 0 ? (
          <p>{text(locale, 'noOthers')}</p>
        ) : (
          <ul class="session-list">
            {others.map((session) => {
              const device = deviceLabel(locale, session.device);
              const lastSeen = formatDateTime(locale, session.lastSeenAt);
              return (
                <SessionCard key={session.id} locale={locale} session={session}>
                  <p class="session-action">
                    <button
                      type="button"
                      aria-label={text(locale, 'endLabel', { device, lastSeen })}
                      onClick={() => ask({ kind: 'one', session })}
                    >
                      {text(locale, 'end')}
                    </button>
                  </p>
                </SessionCard>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="sessions-everywhere">
        <h2 id="sessions-everywhere">{text(locale, 'everywhereHeading')}</h2>
        <p>{text(locale, 'everywhereText')}</p>
        <p>
          <button type="button" class="danger" onClick={() => ask({ kind: 'all' })}>
            {text(locale, 'everywhere')}
          </button>
        </p>
      </section>
      <ConfirmDialog
        open={confirm !== null}
        title={text(locale, confirm?.kind === 'all' ? 'everywhereConfirmTitle' : 'endConfirmTitle')}
        text={
          confirm?.kind === 'all'
            ? text(locale, 'everywhereConfirmText')
            : text(locale, 'endConfirmText', { device: confirmDevice, lastSeen: confirmLastSeen })
        }
        confirmLabel={text(locale, confirm?.kind === 'all' ? 'everywhere' : 'end')}
        cancelLabel={text(locale, 'cancel')}
        busy={busy}
        error={actionError}
        onConfirm={() => void onConfirm()}
        onCancel={() => setConfirm(null)}
        // The button that opened the dialog goes with its row: continue from the list's heading.
        fallbackFocus={othersHeading}
      />
    </div>
  );
}
