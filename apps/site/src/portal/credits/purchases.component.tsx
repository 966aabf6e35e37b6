/** The account's purchases, newest first, a page at a time, each paid one with a link to its receipt. */
import { ErrorMessage, Status } from '../components/status.component';
import { useCursorPages } from '../components/use-cursor-pages.hook';
import { graphql } from '../graphql/generated';
import type { CreditsPurchasesQuery } from '../graphql/generated/graphql';
import { request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate, formatMoney, formatUsd, toMicros } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { creditsText, hasReceipt, purchaseStatusText } from './credits.strings';

const CreditsPurchases = graphql(`
  query CreditsPurchases($after: ID) {
    myPurchases(after: $after, first: 10) {
      nextCursor
      purchases {
        id
        createdAt
        packName
        credits
        creditsReversed
        amount
        paid
        currency
        status
        receiptNumber
      }
    }
  }
`);

type Purchase = CreditsPurchasesQuery['myPurchases']['purchases'][number];

export function Purchases({ locale }: { locale: PortalLocale }) {
  const { rows, cursor, busy, error, load, regionRef } = useCursorPages<Purchase>(locale, async (after) => {
    const { myPurchases } = await request(locale, CreditsPurchases, { after });
    return { items: myPurchases.purchases, nextCursor: myPurchases.nextCursor };
  });

  const none = creditsText(locale, 'notApplicable');
  return (
    <section aria-labelledby="purchases-heading">
      <h2 id="purchases-heading">{creditsText(locale, 'purchases.heading')}</h2>
      {rows === null && !error && <Status>{creditsText(locale, 'more.loading')}</Status>}
      {rows !== null && rows.length === 0 && <p>{creditsText(locale, 'purchases.none')}</p>}
      {rows !== null && rows.length > 0 && (
        <div
          ref={regionRef}
          class="table-scroll table-stack"
          tabIndex={0}
          role="region"
          aria-label={creditsText(locale, 'purchases.region')}
        >
          <table class="money-table">
            <thead>
              <tr>
                <th scope="col">{creditsText(locale, 'purchases.date')}</th>
                <th scope="col">{creditsText(locale, 'purchases.pack')}</th>
                <th scope="col" class="num">
                  {creditsText(locale, 'purchases.credits')}
                </th>
                <th scope="col" class="num">
                  {creditsText(locale, 'purchases.amount')}
                </th>
                <th scope="col">{creditsText(locale, 'purchases.status')}</th>
                <th scope="col">{creditsText(locale, 'purchases.receipt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td class="nowrap" data-label={creditsText(locale, 'purchases.date')}>
                    {formatDate(locale, p.createdAt)}
                  </td>
                  <td data-label={creditsText(locale, 'purchases.pack')}>{p.packName}</td>
                  <td class="num" data-label={creditsText(locale, 'purchases.credits')}>
                    {formatUsd(locale, p.credits)}
                    {toMicros(p.creditsReversed) > 0n && (
                      <span class="sub">
                        {creditsText(locale, 'purchases.reversed', { amount: formatUsd(locale, p.creditsReversed) })}
                      </span>
                    )}
                  </td>
                  <td class="num" data-label={creditsText(locale, 'purchases.amount')}>
                    {formatMoney(locale, p.amount, p.currency)}
                    {p.paid && (
                      <span class="sub">
                        {creditsText(locale, 'purchases.paid', { amount: formatMoney(locale, p.paid, p.currency) })}
                      </span>
                    )}
                  </td>
                  <td data-label={creditsText(locale, 'purchases.status')}>{purchaseStatusText(locale, p.status)}</td>
                  <td data-label={creditsText(locale, 'purchases.receipt')}>
                    {hasReceipt(p.status) ? (
                      <a
                        href={`${portalHref(locale, '/portal/receipt')}?purchase=${encodeURIComponent(p.id)}`}
                        aria-label={creditsText(locale, 'purchases.receiptLabel', { number: p.receiptNumber })}
                      >
                        {creditsText(locale, 'purchases.receiptLink')}
                      </a>
                    ) : (
                      none
                    )}
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
          {busy ? creditsText(locale, 'more.loading') : creditsText(locale, 'more.purchases')}
        </button>
      )}
    </section>
  );
}
