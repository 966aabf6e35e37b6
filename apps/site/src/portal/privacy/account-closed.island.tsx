/**
 * The goodbye page after closing an account (no session any more): what stopped, until when signing
 * in cancels the closure (`?until=`, the API's deleteAfter), and what stays.
 */
import { formatDateTime } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { privacyText as text } from './privacy.strings';

function readUntil(): string | null {
  const until = new URLSearchParams(location.search).get('until');
  return until && !Number.isNaN(Date.parse(until)) ? until : null;
}

export function AccountClosedPage({ locale }: { locale: PortalLocale }) {
  const until = readUntil();
  return (
    <div class="account-closed">
      <p>{text(locale, 'closed.stopped')}</p>
      <p>
        <strong>
          {until
            ? text(locale, 'closed.until', { date: formatDateTime(locale, until) })
            : text(locale, 'closed.untilUnknown')}
        </strong>
      </p>
      <p>{text(locale, 'closed.billing')}</p>
      <p>{text(locale, 'closed.again')}</p>
      <ul class="page-links">
        <li>
          <a href={portalHref(locale, '/signin')}>{text(locale, 'closed.signIn')}</a>
        </li>
        <li>
          <a href={portalHref(locale, '/')}>{text(locale, 'closed.home')}</a>
        </li>
      </ul>
    </div>
  );
}
