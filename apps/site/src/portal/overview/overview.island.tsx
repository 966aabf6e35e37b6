/**
 * The portal's first page: the balance (with the low-balance warning), spend per UTC day over the last
 * 30 days, and the most recent requests; or, before the first request, where to start. Each part
 * loads on its own, so one failing leaves the others readable.
 */
import { useEffect, useState } from 'preact/hooks';
import { Chart, usdTicks } from '../charts/chart.component';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import type { OverviewBalanceQuery, OverviewRecentQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { formatDateTime, formatInteger, formatUsd, formatUtcDay, toMicros } from '../lib/format';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import { costPoints } from '../usage/usage-chart';
import { fillDays, topByCost, usageTotals, type UsageRow } from '../usage/usage-rows';
import { daysOf, DEFAULT_WINDOW_DAYS, lastDays, windowVariables, type DayWindow } from '../usage/usage-window';
import { overviewText as text } from './overview.strings';

const OverviewBalance = graphql(`
  query OverviewBalance {
    creditBalance {
      available
      held
      balance
    }
    lowBalanceAlert {
      threshold
    }
  }
`);

const OverviewSpend = graphql(`
  query OverviewSpend($from: DateTime!, $to: DateTime!) {
    usageSummary(groupBy: DAY, from: $from, to: $to) {
      key
      label
      requests
      inputTokens
      cachedTokens
      outputTokens
      cost
    }
  }
`);

const OverviewRecent = graphql(`
  query OverviewRecent {
    recentRequests(first: 10) {
      id
      createdAt
      model
      apiKeyId
      apiKeyName
      inputTokens
      cachedTokens
      outputTokens
      cost
      status
      errorCode
      latencyMs
      stream
    }
  }
`);

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T };

/** One query's answer for this page, loaded once. */
function useLoaded<T>(locale: PortalLocale, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  useEffect(() => {
    load().then(
      (data) => setState({ kind: 'ready', data }),
      (err: unknown) => setState({ kind: 'error', message: describeError(locale, err) }),
    );
    // Loaded once per page view: `load` is a new function each render.
  }, [locale]);
  return state;
}

/**
 * Reads `?closure=cancelled` (signing in to an account in its grace period reopened it) once and takes
 * it out of the address, so a reload does not announce it again.
 */
function takeClosureCancelled(): boolean {
  const params = new URLSearchParams(location.search);
  const cancelled = params.get('closure') === 'cancelled';
  if (params.has('closure')) {
    params.delete('closure');
    const query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  }
  return cancelled;
}

export function OverviewPage() {
  const { locale } = usePortal();
  const [closureCancelled] = useState(takeClosureCancelled);
  // The window is fixed when the page opens: its last day is today (UTC).
  const [window] = useState<DayWindow>(() => lastDays(DEFAULT_WINDOW_DAYS));
  const balance = useLoaded(locale, () => request(locale, OverviewBalance));
  const spend = useLoaded(locale, async () => {
    const { usageSummary } = await request(locale, OverviewSpend, windowVariables(window));
    return usageSummary;
  });
  const recent = useLoaded(locale, async () => (await request(locale, OverviewRecent)).recentRequests);

  // Before the first request there is nothing to chart or list: say where to start instead.
  const unused =
    spend.kind === 'ready' &&
    spend.data.length === 0 &&
    (recent.kind === 'ready' ? recent.data.length === 0 : recent.kind === 'error');

  return (
    <>
      {closureCancelled && (
        <div class="note" role="status">
          <p>{text(locale, 'closureCancelled')}</p>
        </div>
      )}
      <BalanceSection locale={locale} state={balance} />
      {unused ? (
        <EmptyState locale={locale} />
      ) : (
        <>
          <SpendSection locale={locale} window={window} state={spend} />
          <RecentSection locale={locale} state={recent} />
        </>
      )}
    </>
  );
}

function BalanceSection({ locale, state }: { locale: PortalLocale; state: Loaded<OverviewBalanceQuery> }) {
  return (
    <section aria-labelledby="balance-heading">
      <h2 id="balance-heading">{text(locale, 'balance')}</h2>
      {state.kind === 'loading' && <Status>{text(locale, 'loading')}</Status>}
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      {state.kind === 'ready' && (
        <>
          <dl class="figures">
            <div>
              <dt>{text(locale, 'total')}</dt>
              <dd>{formatUsd(locale, state.data.creditBalance.balance)}</dd>
            </div>
            <div>
              <dt>{text(locale, 'available')}</dt>
              <dd>{formatUsd(locale, state.data.creditBalance.available)}</dd>
            </div>
            <div>
              <dt>{text(locale, 'held')}</dt>
              <dd>{formatUsd(locale, state.data.creditBalance.held)}</dd>
            </div>
          </dl>
          <LowBalance
            locale={locale}
            balance={state.data.creditBalance.balance}
            threshold={state.data.lowBalanceAlert.threshold}
          />
        </>
      )}
    </section>
  );
}

function LowBalance({
  locale,
  balance,
  threshold,
}: {
  locale: PortalLocale;
  balance: string;
  threshold: string | null;
}) {
  // The balance, as the alert email judges it: what is reserved for requests comes back when they end.
  // Exact comparison on micro-dollars: a float could call $9.999999 "not below" $10.
  if (threshold === null || toMicros(balance) >= toMicros(threshold)) return null;
  return (
    <div class="note low-balance" role="status">
      <p>
        <strong>{text(locale, 'lowBalance', { threshold: formatUsd(locale, threshold) })}</strong>{' '}
        <a href={portalHref(locale, '/portal/credits')}>{text(locale, 'addCredits')}</a>
      </p>
    </div>
  );
}

function SpendSection({
  locale,
  window,
  state,
}: {
  locale: PortalLocale;
  window: DayWindow;
  state: Loaded<UsageRow[]>;
}) {
  const from = formatUtcDay(locale, window.from);
  const to = formatUtcDay(locale, window.to);
  return (
    <section aria-labelledby="spend-heading">
      <h2 id="spend-heading">{text(locale, 'spend')}</h2>
      <p class="meta">{text(locale, 'spendWindow', { from, to })}</p>
      {state.kind === 'loading' && <Status>{text(locale, 'loading')}</Status>}
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      {state.kind === 'ready' && <SpendChart locale={locale} window={window} rows={state.data} />}
    </section>
  );
}

function SpendChart({ locale, window, rows }: { locale: PortalLocale; window: DayWindow; rows: UsageRow[] }) {
  const [days] = useState(() => fillDays(rows, daysOf(window.from, window.to)));
  const [points] = useState(() => costPoints(locale, days, (day) => day.key));
  const total = formatUsd(locale, usageTotals(days).cost);
  const top = topByCost(days);
  const from = formatUtcDay(locale, window.from);
  const to = formatUtcDay(locale, window.to);
  const summary =
    top && toMicros(top.cost) > 0n
      ? text(locale, 'spendSummary', {
          from,
          to,
          total,
          maxDay: formatUtcDay(locale, top.key),
          max: formatUsd(locale, top.cost),
        })
      : text(locale, 'spendSummaryNone', { from, to });
  return (
    <>
      <p class="spend-total">{text(locale, 'spendTotal', { total })}</p>
      <Chart
        locale={locale}
        kind="days"
        points={points}
        xLabel={text(locale, 'day')}
        seriesLabel={text(locale, 'cost')}
        summary={summary}
        formatTicks={usdTicks(locale)}
      />
      <details class="chart-data">
        <summary>{text(locale, 'spendTable')}</summary>
        <div class="table-scroll" tabindex={0} role="region" aria-label={text(locale, 'spendTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{text(locale, 'day')}</th>
                <th scope="col" class="num">
                  {text(locale, 'requests')}
                </th>
                <th scope="col" class="num">
                  {text(locale, 'cost')}
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.key}>
                  <th scope="row">{formatUtcDay(locale, day.key)}</th>
                  <td class="num">{formatInteger(locale, day.requests)}</td>
                  <td class="num">{formatUsd(locale, day.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

type RecentRequest = OverviewRecentQuery['recentRequests'][number];

function statusText(locale: PortalLocale, row: RecentRequest): string {
  if (row.status < 400 && !row.errorCode) return text(locale, 'ok');
  return row.errorCode ? `${row.errorCode} (${row.status})` : String(row.status);
}

function RecentSection({ locale, state }: { locale: PortalLocale; state: Loaded<RecentRequest[]> }) {
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">{text(locale, 'recent')}</h2>
      {state.kind === 'loading' && <Status>{text(locale, 'loading')}</Status>}
      {state.kind === 'error' && <ErrorMessage message={state.message} />}
      {state.kind === 'ready' && state.data.length === 0 && <p>{text(locale, 'noRecent')}</p>}
      {state.kind === 'ready' && state.data.length > 0 && (
        // On a phone each request is a card (site.css .table-stack): eight columns do not fit a phone's width.
        <div class="table-scroll table-stack" tabindex={0} role="region" aria-label={text(locale, 'recentLabel')}>
          <table class="recent-requests">
            <thead>
              <tr>
                <th scope="col">{text(locale, 'time')}</th>
                <th scope="col">{text(locale, 'model')}</th>
                <th scope="col">{text(locale, 'key')}</th>
                <th scope="col" class="num">
                  {text(locale, 'tokens')}
                </th>
                <th scope="col" class="num">
                  {text(locale, 'costShort')}
                </th>
                <th scope="col">{text(locale, 'status')}</th>
                <th scope="col" class="num">
                  {text(locale, 'latency')}
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((row) => (
                <tr key={row.id}>
                  <td class="time" data-label={text(locale, 'time')}>
                    {formatDateTime(locale, row.createdAt)}
                  </td>
                  <td data-label={text(locale, 'model')}>{row.model}</td>
                  <td data-label={text(locale, 'key')}>{row.apiKeyName ?? text(locale, 'deletedKey')}</td>
                  <td class="num" data-label={text(locale, 'tokens')}>
                    {text(locale, 'tokensInOut', {
                      in: formatInteger(locale, row.inputTokens),
                      out: formatInteger(locale, row.outputTokens),
                    })}
                  </td>
                  <td class="num" data-label={text(locale, 'costShort')}>
                    {formatUsd(locale, row.cost)}
                  </td>
                  <td class="status" data-label={text(locale, 'status')}>
                    {statusText(locale, row)}
                  </td>
                  <td class="num" data-label={text(locale, 'latency')}>
                    {text(locale, 'ms', { ms: formatInteger(locale, row.latencyMs) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={portalHref(locale, '/portal/usage')}>{text(locale, 'allUsage')}</a>
      </p>
    </section>
  );
}

function EmptyState({ locale }: { locale: PortalLocale }) {
  return (
    <section aria-labelledby="empty-heading" class="overview-empty">
      <h2 id="empty-heading">{text(locale, 'emptyTitle')}</h2>
      <p>{text(locale, 'emptyText')}</p>
      <ul class="page-links">
        <li>
          <a href={portalHref(locale, '/docs/quickstart')}>{text(locale, 'quickstart')}</a>
        </li>
        <li>
          <a href={portalHref(locale, '/portal/keys')}>{text(locale, 'keys')}</a>
        </li>
      </ul>
    </section>
  );
}
