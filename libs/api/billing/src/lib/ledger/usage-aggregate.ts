import { sha256Hex } from '@vipcloud/platform';
import type { Price } from '../cost';

/**
 * Usage enters the ledger as billing records, not per request: one entry per account, model, price
 * and UTC hour, whose amount grows while its hour is open. A request's own detail (its id, time,
 * tokens, cost) lives only in its metadata row, deleted after 30 days; an entry kept for years
 * must not name it. These helpers are the one definition of that entry's identity and wording;
 * the migration that folded the earlier per-request entries carries a frozen copy.
 */
export const USAGE_PERIOD_MS = 3_600_000;

/** `usage:<accountId>:<YYYYMMDDHH>:<16 hex>`: what the ledger's unique reference of an aggregate looks like. */
const AGGREGATE_REFERENCE = /^usage:[^:]+:\d{10}:[0-9a-f]{16}$/;

/** The price a request was billed at, kept on its usage entry: micro-USD per 1M tokens. */
export function priceSnapshot(model: string, price: Price): string {
  return `${model} input=${price.input} cached=${price.cachedInput} output=${price.output}`.slice(0, 200);
}

/** The UTC hour a usage charge belongs to: the ledger's aggregation period. */
export interface UsagePeriod {
  /** `YYYYMMDDHH`, UTC: the aggregate's fingerprint and part of its reference. */
  key: string;
  /** The hour's first instant: the aggregate's `created_at`. */
  start: Date;
  /** `YYYY-MM-DD HH:00–HH+1:00 UTC`, for the entry's reason. */
  label: string;
}

export function usagePeriod(at: Date | number): UsagePeriod {
  const ms = typeof at === 'number' ? at : at.getTime();
  const start = new Date(Math.floor(ms / USAGE_PERIOD_MS) * USAGE_PERIOD_MS);
  const iso = start.toISOString(); // YYYY-MM-DDTHH:…
  const day = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const next = String(start.getUTCHours() + 1).padStart(2, '0');
  return { key: `${day.replace(/-/g, '')}${hour}`, start, label: `${day} ${hour}:00–${next}:00 UTC` };
}

/** The start of the UTC hour `at` falls in: the aggregate's `created_at`. */
export function usagePeriodStart(at: Date | number): Date {
  return usagePeriod(at).start;
}

/** `YYYYMMDDHH` of the UTC hour `at` falls in: the aggregate's fingerprint. */
export function usagePeriodKey(at: Date | number): string {
  return usagePeriod(at).key;
}

/**
 * The reference of an account's usage entry for one model, price and UTC hour. `price` is the
 * price, or the snapshot string already stored on an entry (the same text either way). The model
 * and price are hashed, so a long model id still fits the column (≤ 160 characters) and a price
 * change starts a new entry.
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

/** `API usage: <model>, 2026-11-28 14:00–15:00 UTC`: what the owner reads, without any request's detail. */
export function usageAggregateReason(model: string, at: Date | number): string {
  return `API usage: ${model}, ${usagePeriod(at).label}`.slice(0, 500);
}

/** Whether a ledger reference is an hourly aggregate's (as opposed to an earlier per-request entry's). */
export function isUsageAggregateReference(reference: string): boolean {
  return AGGREGATE_REFERENCE.test(reference);
}
