import { createHash } from 'node:crypto';
import {
  isUsageAggregateReference,
  priceSnapshot,
  usageAggregateReason,
  usageAggregateReference,
  usagePeriod,
  usagePeriodKey,
  usagePeriodStart,
} from './usage-aggregate';

const ACCOUNT = '3f1c2a9e-7b4d-4c1e-9a8f-0d2b6e5c4a31';
const SNAPSHOT = 'deepseek-flash input=300000 cached=6000 output=1200000';

describe('usage aggregates', () => {
  const at = new Date('2026-11-28T14:37:12.345Z');

  it('fall in the UTC hour of the time they are given', () => {
    expect(usagePeriodStart(at)).toEqual(new Date('2026-11-28T14:00:00.000Z'));
    expect(usagePeriodStart(new Date('2026-11-28T14:00:00.000Z'))).toEqual(new Date('2026-11-28T14:00:00.000Z'));
    expect(usagePeriodStart(new Date('2026-11-28T14:59:59.999Z'))).toEqual(new Date('2026-11-28T14:00:00.000Z'));
    expect(usagePeriodKey(at)).toBe('2026112814');
    expect(usagePeriodKey(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027010100');
  });

  it('are referenced by account, hour and a hash of the model and price, never by a request', () => {
    const digest = createHash('sha256').update(`deepseek-flash\n${SNAPSHOT}`).digest('hex').slice(0, 16);
    const reference = usageAggregateReference(ACCOUNT, 'deepseek-flash', SNAPSHOT, at);
    expect(reference).toBe(`usage:${ACCOUNT}:2026112814:${digest}`);
    expect(reference.length).toBeLessThanOrEqual(160);
    expect(isUsageAggregateReference(reference)).toBe(true);
    // The same hour gives the same entry; another hour, price or model another one.
    expect(usageAggregateReference(ACCOUNT, 'deepseek-flash', SNAPSHOT, new Date('2026-11-28T14:01:00Z'))).toBe(
      reference,
    );
    expect(usageAggregateReference(ACCOUNT, 'deepseek-flash', SNAPSHOT, new Date('2026-11-28T15:00:00Z'))).not.toBe(
      reference,
    );
    expect(usageAggregateReference(ACCOUNT, 'deepseek-flash', SNAPSHOT.replace('300000', '300001'), at)).not.toBe(
      reference,
    );
    // A model id of any length still fits the column.
    expect(usageAggregateReference(ACCOUNT, 'm'.repeat(128), SNAPSHOT, at).length).toBeLessThanOrEqual(160);
  });

  it('name the same aggregate from a price or from the snapshot stored on an entry', () => {
    const price = { input: 1, cachedInput: 0, output: 1_000_000 };
    const last = Date.UTC(2026, 10, 28, 23, 59, 59, 999);
    const hash = createHash('sha256')
      .update(`m\n${priceSnapshot('m', price)}`)
      .digest('hex')
      .slice(0, 16);
    expect(usageAggregateReference('acct', 'm', price, last)).toBe(`usage:acct:2026112823:${hash}`);
    expect(usageAggregateReference('acct', 'm', priceSnapshot('m', price), new Date(last))).toBe(
      usageAggregateReference('acct', 'm', price, last),
    );
    expect(usageAggregateReference('acct', 'm', price, last + 1)).toBe(`usage:acct:2026112900:${hash}`);
    expect(usageAggregateReference('acct', 'm', { ...price, output: 2 }, last)).not.toBe(
      usageAggregateReference('acct', 'm', price, last),
    );
    expect(priceSnapshot('deepseek-flash', { input: 300_000, cachedInput: 6_000, output: 1_200_000 })).toBe(SNAPSHOT);
    expect(usagePeriod(Date.UTC(2026, 0, 2, 3, 4, 5))).toEqual({
      key: '2026010203',
      start: new Date(Date.UTC(2026, 0, 2, 3)),
      label: '2026-01-02 03:00–04:00 UTC',
    });
  });

  it('tell an aggregate from an earlier per-request entry', () => {
    expect(isUsageAggregateReference('usage:req_01J9Z3XQ8K7N2M4P6R8T0V2W4Y')).toBe(false);
    expect(isUsageAggregateReference('usage:3f1c2a9e-7b4d-4c1e-9a8f-0d2b6e5c4a31')).toBe(false);
    expect(isUsageAggregateReference('adjust:welcome-0001')).toBe(false);
  });

  it('read as the hour they cover, in UTC', () => {
    expect(usageAggregateReason('deepseek-flash', at)).toBe('API usage: deepseek-flash, 2026-11-28 14:00–15:00 UTC');
    expect(usageAggregateReason('kimi-k3', new Date('2026-11-28T23:59:00Z'))).toBe(
      'API usage: kimi-k3, 2026-11-28 23:00–24:00 UTC',
    );
  });
});
