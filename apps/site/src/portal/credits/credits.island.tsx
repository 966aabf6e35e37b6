/**
 * /portal/credits: the balance, the low-balance alert, the packs on sale (when this server sells
 * credits), the purchases with their receipts and the ledger.
 */
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { usePageQuery } from '../components/use-page-query.hook';
import { graphql } from '../graphql/generated';
import type { CreditsPageQuery } from '../graphql/generated/graphql';
import { request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatMoney, formatUsd } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { creditsText } from './credits.strings';
import { Ledger } from './ledger.component';
import { LowBalanceAlert } from './low-balance-alert.component';
import { Purchases } from './purchases.component';

const CreditsPage = graphql(`
  query CreditsPage {
    creditBalance {
      balance
      available
      held
    }
    lowBalanceAlert {
      threshold
    }
    creditPacks {
      id
      name
      credits
      price
      currency
    }
    checkoutSettings {
      processor
    }
  }
`);

export function CreditsPageIsland() {
  const { locale } = usePortal();
  const { data, error, load } = usePageQuery<CreditsPageQuery>(locale, () => request(locale, CreditsPage));

  if (error) return <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />;
  if (!data) return <Status>{creditsText(locale, 'loading')}</Status>;

  return (
    <>
      <section aria-labelledby="balance-heading">
        <h2 id="balance-heading">{creditsText(locale, 'balance.heading')}</h2>
        <dl class="figures">
          <div>
            <dt>{creditsText(locale, 'balance.total')}</dt>
            <dd>{formatUsd(locale, data.creditBalance.balance)}</dd>
          </div>
          <div>
            <dt>{creditsText(locale, 'balance.available')}</dt>
            <dd>{formatUsd(locale, data.creditBalance.available)}</dd>
          </div>
          <div>
            <dt>{creditsText(locale, 'balance.held')}</dt>
            <dd>{formatUsd(locale, data.creditBalance.held)}</dd>
          </div>
        </dl>
      </section>
      <Packs locale={locale} packs={data.creditPacks} canBuy={data.checkoutSettings !== null} />
      <LowBalanceAlert locale={locale} threshold={data.lowBalanceAlert.threshold} />
      <Purchases locale={locale} />
      <Ledger locale={locale} />
    </>
  );
}

interface PacksProps {
  locale: PortalLocale;
  packs: CreditsPageQuery['creditPacks'];
  canBuy: boolean;
}

function Packs({ locale, packs, canBuy }: PacksProps) {
  return (
    <section aria-labelledby="packs-heading">
      <h2 id="packs-heading">{creditsText(locale, 'packs.heading')}</h2>
      {!canBuy ? (
        <p class="note">{creditsText(locale, 'packs.unavailable')}</p>
      ) : packs.length === 0 ? (
        <p>{creditsText(locale, 'packs.none')}</p>
      ) : (
        <>
          <ul class="packs">
            {packs.map((pack) => (
              <li key={pack.id}>
                <h3>{pack.name}</h3>
                <p class="pack-credits">
                  {creditsText(locale, 'packs.credits', { amount: formatUsd(locale, pack.credits) })}
                </p>
                <p class="pack-price">{formatMoney(locale, pack.price, pack.currency)}</p>
                <a
                  class="button-link"
                  href={`${portalHref(locale, '/portal/checkout')}?pack=${encodeURIComponent(pack.id)}`}
                  aria-label={creditsText(locale, 'packs.buyLabel', { name: pack.name })}
                >
                  {creditsText(locale, 'packs.buy')}
                </a>
              </li>
            ))}
          </ul>
          <p class="hint">{creditsText(locale, 'packs.tax')}</p>
        </>
      )}
    </section>
  );
}
