import { formatAmount, parseAmount } from './money';

describe('money', () => {
  it.each([
    ['10', 10_000_000],
    ['10.5', 10_500_000],
    ['0.000001', 1],
    ['-2.25', -2_250_000],
    ['123456789.999999', 123_456_789_999_999],
  ])('parses %s exactly', (text, micros) => {
    expect(parseAmount(text)).toBe(micros);
    expect(parseAmount(formatAmount(micros))).toBe(micros);
  });

  it.each(['1.0000001', '1e3', '', 'ten', '1,5', '.5', '0x10'])('refuses %j', (text) => {
    expect(() => parseAmount(text)).toThrow(RangeError);
  });

  it('never goes through floating point: 0.1 + 0.2 is 0.3', () => {
    expect(formatAmount(parseAmount('0.1') + parseAmount('0.2'))).toBe('0.300000');
  });
});
