import { sha256Hex } from '@vipcloud/platform';
import type { Price } from '../cost';

/** The price a request was billed at, kept on its usage entry: micro-USD per 1M tokens. */
export function priceSnapshot(model: string, price: Price): string {
  return `${model} input=${price.input} cached=${price.cachedInput} output=${price.output}`.slice(0, 200);
}

/** The UTC hour a usage charge belongs to: the ledger's aggregation period. */
export interface UsagePeriod {
  /** `YYYYMMDDHH`, UTC. */
  key: string;
  /** The hour's first instant. */
  start: Date;
  /** `YYYY-MM-DD HH:00–HH+1:00 UTC`, for the entry's reason. */
  label: string;
}

export function usagePeriod(at: Date | number): UsagePeriod {
  const ms = typeof at === 'number' ? at : at.getTime();
  const start = new Date(Math.floor(ms / 3_600_000) * 3_600_000);
  const iso = start.toISOString(); // YYYY-MM-DDTHH:…
  const day = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const next = String(start.getUTCHours() + 1).padStart(2, '0');
  return {
    key: `${day.replace(/-/g, '')}${hour}`,
    start,
    label: `${day} ${hour}:00–${next}:00 UTC`,
  };
}

/**
 * The reference of an account's usage entry for one model, price and UTC hour: usage enters the
 * ledger aggregated, so no entry names (or is finer than) a request. `price` is the price, or the
 * snapshot string already stored on an entry (the same text either way).
 */
export function usageAggregateReference(
  accountId: string,
  model: string,
  price: Price | string,
  at: Date | number,
): string {
  const snapshot = typeof price === 'string' ? price : priceSnapshot(model, price);
  return `usage:${accountId}:${usagePeriod(at).key}:${sha256Hex(`${model}\n${snapshot}`).slice(0, 16)}`;
}

/** The aggregate entry's reason: what it sums, without any request's detail. */
export function usageAggregateReason(model: string, at: Date | number): string {
  return `API usage: ${model}, ${usagePeriod(at).label}`.slice(0, 500);
}
