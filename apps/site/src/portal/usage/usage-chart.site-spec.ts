import { describe, expect, it } from '@jest/globals';
import { costPoints } from './usage-chart';
import { topByCost, type UsageRow } from './usage-rows';

function row(key: string, cost: string): UsageRow {
  return { key, label: null, requests: 1, inputTokens: 10, cachedTokens: 0, outputTokens: 5, cost };
}

describe('topByCost', () => {
  it('is undefined without buckets', () => {
    expect(topByCost([])).toBeUndefined();
  });

  it('picks the dearest bucket, compared exactly, the first of equals', () => {
    const rows = [row('a', '0.100000'), row('b', '0.300001'), row('c', '0.300001'), row('d', '0.300000')];
    expect(topByCost(rows)?.key).toBe('b');
    expect(topByCost([row('x', '0.000000'), row('y', '0.000000')])?.key).toBe('x');
  });
});

describe('costPoints', () => {
  it('draws each bucket at its cost and reads out the exact amount', () => {
    const points = costPoints('en', [row('2026-01-01', '1.234567'), row('2026-01-02', '0.000000')], (r) => r.key);
    expect(points).toEqual([
      { label: '2026-01-01', value: 1.234567, display: '$1.234567' },
      { label: '2026-01-02', value: 0, display: '$0.00' },
    ]);
  });
});
