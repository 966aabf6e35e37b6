/**
 * Usage buckets as the usage page's table, chart and CSV all read them, and their totals. Costs are
 * the API's exact decimal strings and are summed as integer micro-dollars (BigInt), token counts as
 * BigInt too: the totals row of the table and of the CSV are the exact sums of the rows above them.
 */
import { fromMicros, toMicros } from '../lib/format';

export type UsageGroup = 'DAY' | 'MODEL' | 'KEY';

/** One bucket of `usageSummary`: a UTC day, a model id or an API key id (with the key's name). */
export interface UsageRow {
  key: string;
  label: string | null;
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** USD, an exact decimal string (6 places) from the API. */
  cost: string;
}

export interface UsageTotals {
  requests: bigint;
  inputTokens: bigint;
  cachedTokens: bigint;
  outputTokens: bigint;
  /** USD, an exact decimal string with 6 places. */
  cost: string;
}

/**
 * A count the API sends as a JSON number (token sums can pass 2^31, hence GraphQL's Float) as an
 * exact integer. Anything else is a broken answer, not something to round.
 */
export function wholeNumber(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
  return BigInt(value);
}

export function usageTotals(rows: readonly UsageRow[]): UsageTotals {
  let requests = 0n;
  let inputTokens = 0n;
  let cachedTokens = 0n;
  let outputTokens = 0n;
  let cost = 0n;
  for (const row of rows) {
    requests += wholeNumber(row.requests);
    inputTokens += wholeNumber(row.inputTokens);
    cachedTokens += wholeNumber(row.cachedTokens);
    outputTokens += wholeNumber(row.outputTokens);
    cost += toMicros(row.cost);
  }
  return { requests, inputTokens, cachedTokens, outputTokens, cost: fromMicros(cost) };
}

/** Zero usage on a day, so a day without requests still has its row and its point on the chart. */
export function emptyDay(day: string): UsageRow {
  return {
    key: day,
    label: null,
    requests: 0,
    inputTokens: 0,
    cachedTokens: 0,
    outputTokens: 0,
    cost: '0.000000',
  };
}

/**
 * Per-day buckets for every day of the window, oldest first: the API only sends days that had
 * requests. Buckets outside `days` are dropped (there are none unless the window and query differ).
 */
export function fillDays(rows: readonly UsageRow[], days: readonly string[]): UsageRow[] {
  const byDay = new Map(rows.map((row) => [row.key, row]));
  return days.map((day) => byDay.get(day) ?? emptyDay(day));
}

/** The bucket that cost the most (the first of equals), or undefined when there are none. */
export function topByCost(rows: readonly UsageRow[]): UsageRow | undefined {
  return rows.reduce<UsageRow | undefined>(
    (best, row) => (best === undefined || toMicros(row.cost) > toMicros(best.cost) ? row : best),
    undefined,
  );
}
