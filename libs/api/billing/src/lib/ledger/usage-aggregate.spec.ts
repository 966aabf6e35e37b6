import { createHash } from 'node:crypto';
import { priceSnapshot, usageAggregateReason, usageAggregateReference, usagePeriod } from './usage-aggregate';

const price = { input: 1, cachedInput: 0, output: 1_000_000 };

describe('usage aggregates', () => {
  it('names an account, a UTC hour and a hash of model and price: never a request', () => {
    const at = Date.UTC(2026, 10, 28, 23, 59, 59, 999);
    const hash = createHash('sha256')
      .update(`m\n${priceSnapshot('m', price)}`)
      .digest('hex')
      .slice(0, 16);
    expect(usageAggregateReference('acct', 'm', price, at)).toBe(`usage:acct:2026112823:${hash}`);
    // The stored snapshot names the same aggregate as the price it was made from.
    expect(usageAggregateReference('acct', 'm', priceSnapshot('m', price), new Date(at))).toBe(
      usageAggregateReference('acct', 'm', price, at),
    );
    expect(usageAggregateReference('acct', 'm', price, at + 1)).toBe(`usage:acct:2026112900:${hash}`);
    expect(usageAggregateReference('acct', 'm', { ...price, output: 2 }, at)).not.toBe(
      usageAggregateReference('acct', 'm', price, at),
    );
  });

  it('starts the period at the hour and says which hour in the reason', () => {
    const p = usagePeriod(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(p).toEqual({
      key: '2026010203',
      start: new Date(Date.UTC(2026, 0, 2, 3)),
      label: '2026-01-02 03:00–04:00 UTC',
    });
    expect(usageAggregateReason('deepseek-flash', Date.UTC(2026, 0, 2, 23))).toBe(
      'API usage: deepseek-flash, 2026-01-02 23:00–24:00 UTC',
    );
  });
});
