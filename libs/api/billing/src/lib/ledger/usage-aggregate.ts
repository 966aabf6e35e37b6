import { createHash } from 'node:crypto';

/**
 * Usage enters the ledger as billing records, not per request: one entry per account, model, price
 * and UTC hour, whose amount grows while its hour is open. A request's own detail (its id, time,
 * tokens, cost) lives only in its metadata row, deleted after 30 days; an entry kept for years
 * must not name it. These helpers are the one definition of that entry's identity and wording;
 * the migration that folded the earlier per-request entries carries a frozen copy.
 */
export const USAGE_PERIOD_MS = 3600_000;

/** `usage:<accountId>:<YYYYMMDDHH>:<16 hex>`: what the ledger's unique reference of an aggregate looks like. */
const AGGREGATE_REFERENCE = /^usage:[^:]+:\d{10}:[0-9a-f]{16}$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The start of the UTC hour `at` falls in: the aggregate's `created_at`. */
export function usagePeriodStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / USAGE_PERIOD_MS) * USAGE_PERIOD_MS);
}

/** `YYYYMMDDHH` of the UTC hour `at` falls in: the aggregate's fingerprint and part of its reference. */
export function usagePeriodKey(at: Date): string {
  const d = usagePeriodStart(at);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}`;
}

/**
 * The ledger reference of the aggregate of `accountId`'s usage of `model` at `priceSnapshot` (the
 * entry's price_snapshot) in the hour of `at`. The model and price are hashed, so a long model id
 * still fits the column (≤ 160 characters) and a price change starts a new entry.
 */
export function usageAggregateReference(accountId: string, model: string, priceSnapshot: string, at: Date): string {
  const digest = createHash('sha256').update(`${model}\n${priceSnapshot}`).digest('hex').slice(0, 16);
  return `usage:${accountId}:${usagePeriodKey(at)}:${digest}`;
}

/** `API usage: <model>, 2026-11-28 14:00–15:00 UTC`: what the owner reads in their ledger. */
export function usageAggregateReason(model: string, at: Date): string {
  const d = usagePeriodStart(at);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hour = d.getUTCHours();
  return `API usage: ${model}, ${day} ${pad(hour)}:00–${pad(hour + 1)}:00 UTC`.slice(0, 500);
}

/** Whether a ledger reference is an hourly aggregate's (as opposed to an earlier per-request entry's). */
export function isUsageAggregateReference(reference: string): boolean {
  return AGGREGATE_REFERENCE.test(reference);
}
