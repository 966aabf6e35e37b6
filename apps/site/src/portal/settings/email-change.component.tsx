/**
 * Changing the contact email: the new address gets a link (GET /account/email/confirm), and only
 * opening it replaces the old one; until then the pending change is shown. The API sends the browser
 * back here with `?email=confirmed` or `?email=invalid`.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { SettingsPendingEmailQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { formatDateTime } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { settingsText as text } from './settings.strings';

const SettingsPendingEmail = graphql(`
  query SettingsPendingEmail {
    myPendingEmailChange {
      email
      requestedAt
      expiresAt
    }
  }
`);

const SettingsRequestEmailChange = graphql(`
  mutation SettingsRequestEmailChange($email: String!) {
    requestEmailChange(email: $email) {
      email
      requestedAt
      expiresAt
    }
  }
`);

type Pending = NonNullable<SettingsPendingEmailQuery['myPendingEmailChange']>;

export type EmailOutcome = 'confirmed' | 'invalid' | null;

/** Reads `?email=` once and takes it out of the address, so a reload does not announce it again. */
export function takeEmailOutcome(): EmailOutcome {
  const params = new URLSearchParams(location.search);
  const value = params.get('email');
  if (params.has('email')) {
    params.delete('email');
    const query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  }
  return value === 'confirmed' || value === 'invalid' ? value : null;
}

export function EmailChangeForm({ locale, current }: { locale: PortalLocale; current: string }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [email, setEmail] = useState('');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'sent'; to: string } | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  useEffect(() => {
    // The form works without it: a pending change that failed to load is simply not shown.
    request(locale, SettingsPendingEmail).then(
      ({ myPendingEmailChange }) => setPending(myPendingEmailChange),
      () => setPending(null),
    );
  }, [locale]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const wanted = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(wanted)) {
      setState({ kind: 'error', message: text(locale, 'email.invalidInput') });
      return;
    }
    if (wanted.toLowerCase() === current.toLowerCase()) {
      setState({ kind: 'error', message: text(locale, 'email.same') });
      return;
    }
    setState({ kind: 'busy' });
    try {
      const { requestEmailChange } = await request(locale, SettingsRequestEmailChange, { email: wanted });
      setPending(requestEmailChange);
      setEmail('');
      setState({ kind: 'sent', to: requestEmailChange.email });
    } catch (err) {
      setState({ kind: 'error', message: describeError(locale, err) });
    }
  }

  return (
    <form class="settings-name settings-email-change" onSubmit={onSubmit} noValidate>
      <label for="settings-email">{text(locale, 'email.label')}</label>
      <div class="settings-row">
        <input
          id="settings-email"
          type="email"
          autoComplete="email"
          maxLength={254}
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" disabled={state.kind === 'busy'}>
          {text(locale, 'email.submit')}
        </button>
      </div>
      <p class="portal-status" role="status">
        {state.kind === 'busy' && text(locale, 'email.sending')}
        {state.kind === 'sent' && text(locale, 'email.sent', { email: state.to })}
      </p>
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      {pending && state.kind !== 'sent' && (
        <p class="settings-hint settings-pending">
          {text(locale, 'email.pending', {
            email: pending.email,
            requested: formatDateTime(locale, pending.requestedAt),
            expires: formatDateTime(locale, pending.expiresAt),
          })}
        </p>
      )}
    </form>
  );
}
