/** Usage buckets as points of a cost chart, for the usage page and the overview's spend chart. */
import type { ChartPoint } from '../charts/chart.component';
import { formatUsd, microsForChart, toMicros } from '../lib/format';
import type { PortalLocale } from '../lib/portal-locale';
import type { UsageRow } from './usage-rows';

/** One point per bucket: drawn at its cost, read out as the exact amount. */
export function costPoints(
  locale: PortalLocale,
  rows: readonly UsageRow[],
  labelOf: (row: UsageRow) => string,
): ChartPoint[] {
  return rows.map((row) => ({
    label: labelOf(row),
    value: microsForChart(toMicros(row.cost)),
    display: formatUsd(locale, row.cost),
  }));
}
