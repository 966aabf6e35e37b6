import { describe, expect, it } from '@jest/globals';
import { fromMicros, toMicros } from '../lib/format';
import { csvField, csvText, usageCsv, usageCsvFileName } from './usage-csv';
import { fillDays, usageTotals, type UsageRow } from './usage-rows';

const headings = {
  key: 'Model',
  keyId: 'Key ID',
  requests: 'Requests',
  inputTokens: 'Input tokens',
  cachedTokens: 'Cached input tokens',
  outputTokens: 'Output tokens',
  cost: 'Cost (USD)',
  total: 'Total',
};

function row(key: string, cost: string, extra: Partial<UsageRow> = {}): UsageRow {
  return { key, label: null, requests: 1, inputTokens: 10, cachedTokens: 0, outputTokens: 5, cost, ...extra };
}

/** The CSV's lines without the byte-order mark and the final line end, split into naive cells. */
function lines(csv: string): string[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(1, -2).split('\r\n');
}

describe('usage CSV', () => {
  // Amounts whose float sum is not exact: 0.1 + 0.2 style.
  const rows: UsageRow[] = [
    row('gpt-a', '0.100000', { requests: 3, inputTokens: 1200, cachedTokens: 200, outputTokens: 300 }),
    row('gpt-b', '0.200000', { requests: 2, inputTokens: 9_007_199_254, cachedTokens: 0, outputTokens: 1 }),
    row('gpt-c', '12345.678901', { requests: 1, inputTokens: 7, cachedTokens: 7, outputTokens: 0 }),
    row('gpt-d', '0.000001'),
  ];

  it('ends with a totals row that is the exact sum of the rows above it', () => {
    const csv = usageCsv(rows, 'MODEL', headings);
    const [head, ...rest] = lines(csv);
    expect(head).toBe('Model,Requests,Input tokens,Cached input tokens,Output tokens,Cost (USD)');
    const body = rest.slice(0, -1).map((line) => line.split(','));
    const total = rest[rest.length - 1].split(',');
    expect(body.map((cells) => cells[0])).toEqual(['gpt-a', 'gpt-b', 'gpt-c', 'gpt-d']);
    expect(total[0]).toBe('Total');
    // Every numeric column summed again, with BigInt, from the CSV's own text.
    for (let column = 1; column <= 4; column++) {
      const sum = body.reduce((acc, cells) => acc + BigInt(cells[column]), 0n);
      expect(total[column]).toBe(sum.toString());
    }
    const costSum = body.reduce((acc, cells) => acc + toMicros(cells[5]), 0n);
    expect(total[5]).toBe(fromMicros(costSum));
    expect(total[5]).toBe('12345.978902');
    expect(total.slice(1)).toEqual(['7', '9007200471', '207', '306', '12345.978902']);
  });

  it('writes the API’s amounts as they came and the same totals as the table', () => {
    const csv = usageCsv(rows, 'MODEL', headings);
    const cells = lines(csv).map((line) => line.split(','));
    expect(cells.slice(1, -1).map((c) => c[5])).toEqual(['0.100000', '0.200000', '12345.678901', '0.000001']);
    const totals = usageTotals(rows);
    expect(cells[cells.length - 1]).toEqual([
      'Total',
      totals.requests.toString(),
      totals.inputTokens.toString(),
      totals.cachedTokens.toString(),
      totals.outputTokens.toString(),
      totals.cost,
    ]);
  });

  it('has no float anywhere: every number is an integer or a decimal with exactly 6 places', () => {
    const many = Array.from({ length: 31 }, (_, i) =>
      row(`2026-11-${String(i + 1).padStart(2, '0')}`, `0.${String(i * 3 + 1).padStart(6, '0')}`, {
        inputTokens: 2 ** 40 + i,
      }),
    );
    const csv = usageCsv(many, 'DAY', { ...headings, key: 'Day' });
    for (const line of lines(csv).slice(1)) {
      const numbers = line.split(',').slice(1);
      for (const value of numbers.slice(0, 4)) expect(value).toMatch(/^\d+$/);
      expect(numbers[4]).toMatch(/^\d+\.\d{6}$/);
    }
    expect(csv).not.toMatch(/e[+-]?\d/i);
    expect(csv).not.toMatch(/\d\.\d{7,}/);
    // 0.1 + 0.2 as floats would end in …0000000004.
    expect(usageTotals([row('a', '0.100000'), row('b', '0.200000')]).cost).toBe('0.300000');
  });

  it('quotes commas, quotes and line breaks, and guards text a spreadsheet would run as a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvText('+1,2')).toBe(`"'+1,2"`);
    expect(csvText('@home')).toBe("'@home");
    const keys: UsageRow[] = [row('k1', '1.000000', { label: 'Prod, "main"' }), row('k2', '2.500000', { label: null })];
    const csv = usageCsv(keys, 'KEY', { ...headings, key: 'API key' });
    expect(lines(csv)).toEqual([
      'API key,Key ID,Requests,Input tokens,Cached input tokens,Output tokens,Cost (USD)',
      '"Prod, ""main""",k1,1,10,0,5,1.000000',
      ',k2,1,10,0,5,2.500000',
      'Total,,2,20,0,10,3.500000',
    ]);
  });

  it('refuses counts that are not whole numbers and amounts that are not exact decimals', () => {
    expect(() => usageCsv([row('a', '0.100000', { inputTokens: 1.5 })], 'MODEL', headings)).toThrow();
    expect(() => usageCsv([row('a', '1e-7')], 'MODEL', headings)).toThrow();
  });

  it('names the file after the window and the grouping', () => {
    expect(usageCsvFileName('2026-10-30', '2026-11-28', 'DAY')).toBe('usage-2026-10-30-2026-11-28-day.csv');
    expect(usageCsvFileName('2026-10-30', '2026-11-28', 'KEY')).toBe('usage-2026-10-30-2026-11-28-key.csv');
  });

  it('gives every day of the window a row, zero when it had no requests', () => {
    const filled = fillDays([row('2026-11-02', '0.500000')], ['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(filled.map((r) => [r.key, r.requests, r.cost])).toEqual([
      ['2026-11-01', 0, '0.000000'],
      ['2026-11-02', 1, '0.500000'],
      ['2026-11-03', 0, '0.000000'],
    ]);
  });
});
