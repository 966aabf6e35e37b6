import { formatUsd } from './money.format';

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [1, '$0.00'],
    [9_999, '$0.00'],
    [10_000, '$0.01'],
    [12_345_678, '$12.34'],
    [12_349_999, '$12.34'],
    [5_000_000, '$5.00'],
    [1_234_567_890_000, '$1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, '$9,007,199,254.74'],
    [-1, '-$0.01'],
    [-2_250_000, '-$2.25'],
    [-2_250_001, '-$2.26'],
  ])('formats %d micro-USD as %s', (micros, text) => {
    expect(formatUsd(micros)).toBe(text);
  });

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d', (micros) => {
    expect(() => formatUsd(micros)).toThrow(RangeError);
  });
});
