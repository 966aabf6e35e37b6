/** The ledger: every change of the balance, newest first, a page at a time. */
import { ErrorMessage, Status } from '../components/status.component';
import { useCursorPages } from '../components/use-cursor-pages.hook';
import { graphql } from '../graphql/generated';
import type { CreditsLedgerQuery } from '../graphql/generated/graphql';
import { request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDateTime, formatUsd, toMicros } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import { creditsText, ledgerKindText } from './credits.strings';

const CreditsLedger = graphql(`
  query CreditsLedger($after: ID) {
    ledgerEntries(after: $after, first: 20) {
      nextCursor
      entries {
        id
        createdAt
        kind
        amount
        balanceAfter
        reason
      }
    }
  }
`);

type Entry = CreditsLedgerQuery['ledgerEntries']['entries'][number];

/** A signed amount: credits carry a plus, debits the minus the formatter gives them. */
function signedUsd(locale: PortalLocale, amount: string): string {
  const formatted = formatUsd(locale, amount);
  return toMicros(amount) > 0n ? `+${formatted}` : formatted;
}

export function Ledger({ locale }: { locale: PortalLocale }) {
  const { rows, cursor, busy, error, load, regionRef } = useCursorPages<Entry>(locale, async (after) => {
    const { ledgerEntries } = await request(locale, CreditsLedger, { after });
    return { items: ledgerEntries.entries, nextCursor: ledgerEntries.nextCursor };
  });

  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{creditsText(locale, 'ledger.heading')}</h2>
      {rows === null && !error && <Status>{creditsText(locale, 'more.loading')}</Status>}
      {rows !== null && rows.length === 0 && <p>{creditsText(locale, 'ledger.none')}</p>}
      {rows !== null && rows.length > 0 && (
        <div
          ref={regionRef}
          class="table-scroll table-stack"
          tabIndex={0}
          role="region"
          aria-label={creditsText(locale, 'ledger.region')}
        >
          <table class="money-table">
            <thead>
              <tr>
                <th scope="col">{creditsText(locale, 'ledger.date')}</th>
                <th scope="col">{creditsText(locale, 'ledger.kind')}</th>
                <th scope="col" class="num">
                  {creditsText(locale, 'ledger.amount')}
                </th>
                <th scope="col" class="num">
                  {creditsText(locale, 'ledger.balanceAfter')}
                </th>
                <th scope="col">{creditsText(locale, 'ledger.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td class="when" data-label={creditsText(locale, 'ledger.date')}>
                    {formatDateTime(locale, e.createdAt)}
                  </td>
                  <td class="nowrap" data-label={creditsText(locale, 'ledger.kind')}>
                    {ledgerKindText(locale, e.kind)}
                  </td>
                  <td class="num nowrap" data-label={creditsText(locale, 'ledger.amount')}>
                    {signedUsd(locale, e.amount)}
                  </td>
                  <td class="num nowrap" data-label={creditsText(locale, 'ledger.balanceAfter')}>
                    {formatUsd(locale, e.balanceAfter)}
                  </td>
                  <td class="reason" data-label={creditsText(locale, 'ledger.reason')}>
                    {e.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <ErrorMessage
          message={error}
          retryLabel={portalText(locale, 'shell.retry')}
          onRetry={() => void load(rows ? cursor : null)}
        />
      )}
      {cursor && !error && (
        <button type="button" class="more" disabled={busy} onClick={() => void load(cursor)}>
          {busy ? creditsText(locale, 'more.loading') : creditsText(locale, 'more.ledger')}
        </button>
      )}
    </section>
  );
}
