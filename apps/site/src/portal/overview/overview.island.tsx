/** The portal's first page: the balance. (Spend chart, recent requests and the low-balance warning: to come.) */
import { useEffect, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { OverviewBalanceQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { formatUsd } from '../lib/format';
import { defineStrings } from '../lib/portal-locale';

const text = defineStrings(
  { available: 'Available', held: 'Held by requests in progress', loading: 'Loading…', balance: 'Balance' },
  { available: '可用', held: '进行中的请求占用', loading: '正在加载…', balance: '余额' },
);

const OverviewBalance = graphql(`
  query OverviewBalance {
    creditBalance {
      available
      held
      balance
    }
  }
`);

export function OverviewPage() {
  const { locale } = usePortal();
  const [data, setData] = useState<OverviewBalanceQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    request(locale, OverviewBalance).then(setData, (err: unknown) => setError(describeError(locale, err)));
  }, [locale]);
  if (error) return <ErrorMessage message={error} />;
  if (!data) return <Status>{text(locale, 'loading')}</Status>;
  return (
    <section aria-labelledby="balance-heading">
      <h2 id="balance-heading">{text(locale, 'balance')}</h2>
      <dl class="figures">
        <div>
          <dt>{text(locale, 'available')}</dt>
          <dd>{formatUsd(locale, data.creditBalance.available)}</dd>
        </div>
        <div>
          <dt>{text(locale, 'held')}</dt>
          <dd>{formatUsd(locale, data.creditBalance.held)}</dd>
        </div>
      </dl>
    </section>
  );
}
