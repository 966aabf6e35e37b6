/**
 * The usage page's "Download CSV": the same rows and totals as its table, as RFC 4180 text. Amounts
 * are the API's exact decimal strings and the totals come from usageTotals (BigInt), so a spreadsheet
 * summing the column gets the total row's figure; no number goes through a float on the way.
 */
import { toMicros } from '../lib/format';
import { usageTotals, wholeNumber, type UsageGroup, type UsageRow } from './usage-rows';

/** Column headings, in the page's language. */
export interface UsageCsvHeadings {
  /** The first column: "Day", "Model" or "API key" (the key's name). */
  key: string;
  /** The key's id (key grouping only: names can repeat, and a deleted key has none). */
  keyId: string;
  requests: string;
  inputTokens: string;
  cachedTokens: string;
  outputTokens: string;
  cost: string;
  /** The first cell of the totals row. */
  total: string;
}

/** One field: quoted when it holds a comma, quote or line break, its quotes doubled (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A field of text (a key's name, a model id). A spreadsheet runs a cell starting with = + - @ (or a
 * tab/return) as a formula; key names are typed by users, so such text gets a leading apostrophe,
 * the usual guard. Numbers never pass through here.
 */
export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** An amount as the API wrote it, after checking it is one (toMicros throws on anything else). */
function amount(value: string): string {
  toMicros(value);
  return value;
}

function counts(row: Pick<UsageRow, 'requests' | 'inputTokens' | 'cachedTokens' | 'outputTokens'>): string[] {
  return [row.requests, row.inputTokens, row.cachedTokens, row.outputTokens].map((n) => wholeNumber(n).toString());
}

/**
 * The CSV text: a heading line, one line per row, the totals line; CRLF line ends; a byte-order mark
 * first, so spreadsheet programs read the Chinese headings (and key names) as UTF-8.
 */
export function usageCsv(rows: readonly UsageRow[], group: UsageGroup, headings: UsageCsvHeadings): string {
  const byKey = group === 'KEY';
  const lines: string[] = [
    [
      headings.key,
      ...(byKey ? [headings.keyId] : []),
      headings.requests,
      headings.inputTokens,
      headings.cachedTokens,
      headings.outputTokens,
      headings.cost,
    ]
      .map(csvText)
      .join(','),
  ];
  for (const row of rows) {
    const name = byKey ? [row.label ?? '', row.key] : [row.key];
    lines.push([...name.map(csvText), ...counts(row), amount(row.cost)].join(','));
  }
  const totals = usageTotals(rows);
  lines.push(
    [
      csvText(headings.total),
      ...(byKey ? [''] : []),
      totals.requests.toString(),
      totals.inputTokens.toString(),
      totals.cachedTokens.toString(),
      totals.outputTokens.toString(),
      totals.cost,
    ].join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** usage-2026-11-01-2026-11-30-day.csv */
export function usageCsvFileName(from: string, to: string, group: UsageGroup): string {
  return `usage-${from}-${to}-${group.toLowerCase()}.csv`;
}
