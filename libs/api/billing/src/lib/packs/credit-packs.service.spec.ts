import { formatPrice, parsePrice } from './credit-packs.service';

describe('pack prices', () => {
  it('parses and formats minor units exactly', () => {
    expect(parsePrice('9.99')).toBe(999);
    expect(parsePrice('72')).toBe(7200);
    expect(parsePrice('0.1')).toBe(10);
    expect(formatPrice(999)).toBe('9.99');
    expect(formatPrice(7200)).toBe('72.00');
    expect(formatPrice(5)).toBe('0.05');
  });

  it.each(['1.999', '-1', 'abc', '', '1e3', '0x10'])('refuses %p', (text) => {
    expect(() => parsePrice(text)).toThrow();
  });
});
