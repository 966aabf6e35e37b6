/**
 * The usage page: a window of UTC days (at most 31) and a grouping (day, model or key) chosen in a
 * form, the cost per bucket as a chart, every figure in a table with a totals row, and the same table
 * as a CSV file. The choice is kept in the address (?from=&to=&group=), so a reload or a shared link
 * shows the same window.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Chart, usdTicks } from '../charts/chart.component';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { graphql } from '../graphql/generated';
import { describeError, request } from '../graphql/graphql-client';
import { formatUsd, formatUtcDay, toMicros } from '../lib/format';
import { intlLocale, type PortalLocale } from '../lib/portal-locale';
import { usageCsv, usageCsvFileName, type UsageCsvHeadings } from './usage-csv';
import { costPoints } from './usage-chart';
import { fillDays, topByCost, usageTotals, type UsageGroup, type UsageRow, type UsageTotals } from './usage-rows';
import {
  daysInWindow,
  daysOf,
  DEFAULT_WINDOW_DAYS,
  lastDays,
  MAX_WINDOW_DAYS,
  windowProblem,
  windowVariables,
  type DayWindow,
} from './usage-window';
import { usageText as text } from './usage.strings';

const UsageSummary = graphql(`
  query UsageSummary($groupBy: UsageGrouping!, $from: DateTime!, $to: DateTime!) {
    usageSummary(groupBy: $groupBy, from: $from, to: $to) {
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

const GROUPS: readonly UsageGroup[] = ['DAY', 'MODEL', 'KEY'];

interface Choice {
  window: DayWindow;
  group: UsageGroup;
}

/** The choice in the address, when it is one the API takes; else the last 30 days per day. */
function initialChoice(): Choice {
  const query = new URLSearchParams(location.search);
  const fallback = lastDays(DEFAULT_WINDOW_DAYS);
  const window = { from: query.get('from') ?? fallback.from, to: query.get('to') ?? fallback.to };
  const group = GROUPS.find((g) => g.toLowerCase() === query.get('group')) ?? 'DAY';
  return { window: windowProblem(window) ? fallback : window, group };
}

type Result =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; choice: Choice; buckets: UsageRow[] };

export function UsagePage() {
  const { locale } = usePortal();
  const [applied, setApplied] = useState<Choice>(initialChoice);
  const [result, setResult] = useState<Result>({ kind: 'loading' });

  useEffect(() => {
    const abort = new AbortController();
    setResult({ kind: 'loading' });
    request(
      locale,
      UsageSummary,
      { groupBy: applied.group, ...windowVariables(applied.window) },
      { signal: abort.signal },
    ).then(
      ({ usageSummary }) => setResult({ kind: 'ready', choice: applied, buckets: usageSummary }),
      (err: unknown) => {
        if (!abort.signal.aborted) setResult({ kind: 'error', message: describeError(locale, err) });
      },
    );
    return () => abort.abort();
  }, [locale, applied]);

  const apply = (choice: Choice) => {
    const query = new URLSearchParams({
      from: choice.window.from,
      to: choice.window.to,
      group: choice.group.toLowerCase(),
    });
    history.replaceState(null, '', `${location.pathname}?${query.toString()}`);
    setApplied(choice);
  };

  return (
    <>
      <UsageForm locale={locale} initial={applied} onApply={apply} />
      {result.kind === 'loading' && <Status>{text(locale, 'loading')}</Status>}
      {result.kind === 'error' && <ErrorMessage message={result.message} />}
      {result.kind === 'ready' && <UsageResult locale={locale} choice={result.choice} buckets={result.buckets} />}
    </>
  );
}

function UsageForm({
  locale,
  initial,
  onApply,
}: {
  locale: PortalLocale;
  initial: Choice;
  onApply: (choice: Choice) => void;
}) {
  const [from, setFrom] = useState(initial.window.from);
  const [to, setTo] = useState(initial.window.to);
  const [group, setGroup] = useState<UsageGroup>(initial.group);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const window = { from, to };
    const found = windowProblem(window);
    if (found) {
      setProblem(text(locale, `problem.${found}`, { days: daysInWindow(from, to), max: MAX_WINDOW_DAYS }));
      return;
    }
    setProblem(null);
    onApply({ window, group });
  };

  const invalid = problem !== null;
  return (
    <form class="usage-form" onSubmit={submit} noValidate aria-labelledby="usage-form-heading">
      <h2 id="usage-form-heading">{text(locale, 'formHeading')}</h2>
      <p class="meta" id="usage-window-hint">
        {text(locale, 'hint', { max: MAX_WINDOW_DAYS })}
      </p>
      <div class="usage-fields">
        <div class="field">
          <label for="usage-from">{text(locale, 'from')}</label>
          <input
            id="usage-from"
            type="date"
            value={from}
            required
            aria-invalid={invalid}
            aria-describedby={invalid ? 'usage-window-error usage-window-hint' : 'usage-window-hint'}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="usage-to">{text(locale, 'to')}</label>
          <input
            id="usage-to"
            type="date"
            value={to}
            required
            aria-invalid={invalid}
            aria-describedby={invalid ? 'usage-window-error usage-window-hint' : 'usage-window-hint'}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="usage-group">{text(locale, 'group')}</label>
          <select id="usage-group" value={group} onChange={(e) => setGroup(e.currentTarget.value as UsageGroup)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {text(locale, `group.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-submit">
          <button type="submit">{text(locale, 'show')}</button>
        </div>
      </div>
      {problem && (
        <p class="form-problem" id="usage-window-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** The name a bucket is shown under: a day, a model id, or a key's name (or that it was deleted). */
function bucketName(locale: PortalLocale, group: UsageGroup, row: UsageRow): string {
  if (group === 'DAY') return formatUtcDay(locale, row.key);
  if (group === 'KEY') return row.label ?? text(locale, 'deletedKey', { id: row.key.slice(0, 8) });
  return row.key;
}

function UsageResult({ locale, choice, buckets }: { locale: PortalLocale; choice: Choice; buckets: UsageRow[] }) {
  const { window, group } = choice;
  const rows = useMemo(() => {
    if (group === 'DAY') return fillDays(buckets, daysOf(window.from, window.to));
    // Biggest first: the bars read like a ranking, and the table agrees with them.
    return [...buckets].sort((a, b) => {
      const diff = toMicros(b.cost) - toMicros(a.cost);
      return diff > 0n ? 1 : diff < 0n ? -1 : a.key.localeCompare(b.key);
    });
  }, [buckets, group, window]);
  const totals = useMemo(() => usageTotals(rows), [rows]);
  const points = useMemo(
    () => costPoints(locale, rows, (row) => (group === 'DAY' ? row.key : bucketName(locale, group, row))),
    [rows, group, locale],
  );
  const from = formatUtcDay(locale, window.from);
  const to = formatUtcDay(locale, window.to);

  if (buckets.length === 0) {
    return (
      <section class="usage-result" aria-labelledby="usage-result-heading">
        <h2 id="usage-result-heading">{text(locale, 'resultHeading', { from, to })}</h2>
        <p>{text(locale, 'empty')}</p>
      </section>
    );
  }

  const top = topByCost(rows);
  const summary =
    top && toMicros(totals.cost) > 0n
      ? text(locale, `summary.${group}`, {
          from,
          to,
          total: formatUsd(locale, totals.cost),
          top: bucketName(locale, group, top),
          max: formatUsd(locale, top.cost),
        })
      : text(locale, 'summary.none', { from, to });

  return (
    <section class="usage-result" aria-labelledby="usage-result-heading">
      <h2 id="usage-result-heading">{text(locale, 'resultHeading', { from, to })}</h2>
      <h3>{text(locale, `chartHeading.${group}`)}</h3>
      <Chart
        locale={locale}
        kind={group === 'DAY' ? 'days' : 'bars'}
        points={points}
        xLabel={text(locale, `column.${group}`)}
        seriesLabel={text(locale, 'cost')}
        summary={summary}
        formatTicks={usdTicks(locale)}
      />
      <UsageTable locale={locale} group={group} rows={rows} totals={totals} />
      <p>
        <button type="button" onClick={() => downloadCsv(locale, choice, rows)}>
          {text(locale, 'download')}
        </button>
      </p>
    </section>
  );
}

function UsageTable({
  locale,
  group,
  rows,
  totals,
}: {
  locale: PortalLocale;
  group: UsageGroup;
  rows: UsageRow[];
  totals: UsageTotals;
}) {
  // Totals are BigInt, which Intl formats exactly.
  const numbers = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  const count = (n: number | bigint) => numbers.format(n);
  return (
    <div class="table-scroll" tabindex={0} role="region" aria-label={text(locale, 'tableLabel')}>
      <table class="usage-table">
        <thead>
          <tr>
            <th scope="col">{text(locale, `column.${group}`)}</th>
            <th scope="col" class="num">
              {text(locale, 'requests')}
            </th>
            <th scope="col" class="num">
              {text(locale, 'inputTokens')}
            </th>
            <th scope="col" class="num">
              {text(locale, 'cachedTokens')}
            </th>
            <th scope="col" class="num">
              {text(locale, 'outputTokens')}
            </th>
            <th scope="col" class="num">
              {text(locale, 'cost')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{bucketName(locale, group, row)}</th>
              <td class="num">{count(row.requests)}</td>
              <td class="num">{count(row.inputTokens)}</td>
              <td class="num">{count(row.cachedTokens)}</td>
              <td class="num">{count(row.outputTokens)}</td>
              <td class="num">{formatUsd(locale, row.cost)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{text(locale, 'total')}</th>
            <td class="num">{count(totals.requests)}</td>
            <td class="num">{count(totals.inputTokens)}</td>
            <td class="num">{count(totals.cachedTokens)}</td>
            <td class="num">{count(totals.outputTokens)}</td>
            <td class="num">{formatUsd(locale, totals.cost)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function csvHeadings(locale: PortalLocale, group: UsageGroup): UsageCsvHeadings {
  return {
    key: text(locale, `column.${group}`),
    keyId: text(locale, 'keyId'),
    requests: text(locale, 'requests'),
    inputTokens: text(locale, 'inputTokens'),
    cachedTokens: text(locale, 'cachedTokens'),
    outputTokens: text(locale, 'outputTokens'),
    cost: text(locale, 'cost'),
    total: text(locale, 'total'),
  };
}

/** The table as a file, made in the page: a Blob behind an object URL, saved through <a download>. */
function downloadCsv(locale: PortalLocale, choice: Choice, rows: UsageRow[]): void {
  const csv = usageCsv(rows, choice.group, csvHeadings(locale, choice.group));
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = usageCsvFileName(choice.window.from, choice.window.to, choice.group);
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the Blob once click() returns in current browsers; the next task frees it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
