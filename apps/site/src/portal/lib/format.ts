/**
 * Numbers, money and dates for the page's language. Money arrives from the API as exact decimal
 * strings and is formatted from the string (Intl.NumberFormat reads a decimal string exactly), never
 * through a floating-point number; arithmetic on money, where a page needs any, is done on integer
 * micro-units with BigInt (see toMicros). Dates are shown in the user's own time zone.
 */
import { intlLocale, type PortalLocale } from './portal-locale';

type Decimal = `${number}`;

function asDecimal(value: string): Decimal {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a decimal amount: ${value}`);
  return value as Decimal;
}

/** USD credits (6 decimals from the API): at least cents, and every non-zero digit after them. */
export function formatUsd(locale: PortalLocale, amount: string): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format(asDecimal(amount));
}

/** A price or a charge in its own currency (2 decimals from the API). */
export function formatMoney(locale: PortalLocale, amount: string, currency: string): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(asDecimal(amount));
}

export function formatInteger(locale: PortalLocale, value: number): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(value);
}

/** Date and time in the user's time zone, e.g. "28 Nov 2026, 14:05" / "2026年11月28日 14:05". */
export function formatDateTime(locale: PortalLocale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(locale: PortalLocale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(new Date(iso));
}

/** A UTC day (YYYY-MM-DD, as usage buckets name them), shown as that calendar day. */
export function formatUtcDay(locale: PortalLocale, day: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** An exact decimal string (up to 6 places) as integer micro-units, for sums and comparisons. */
export function toMicros(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount);
  if (!match) throw new Error(`not a decimal amount with at most 6 places: ${amount}`);
  const [, sign, whole, fraction = ''] = match;
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  return sign === '-' ? -micros : micros;
}

/** Integer micro-units back to a decimal string with 6 places, e.g. 1500000n → "1.500000". */
export function fromMicros(micros: bigint): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`;
}

/**
 * A micro-unit amount as a number of dollars for a chart's axis only. Charts plot positions, not
 * amounts: a rounding in the last micro-dollar moves a point by nothing a person can see, and every
 * amount shown as text still comes from the exact string.
 */
export function microsForChart(micros: bigint): number {
  return Number(micros) / 1_000_000;
}
