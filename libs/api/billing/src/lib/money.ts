import { InvalidAmountError } from './ledger/ledger.errors';

/** Money is integer micro-units (1 USD = 1,000,000) everywhere; no floating point on any path. */
export const MICROS_PER_UNIT = 1_000_000;

/** Parses a decimal amount such as "12.50" into micro-units, exactly (strings, never floats). */
export function parseAmount(text: string): number {
  const m = /^(-)?(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`'${text}' is not an amount with at most 6 decimals`);
  const micros = Number(m[2]) * MICROS_PER_UNIT + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -micros : micros;
}

/** Formats micro-units as a decimal amount with 6 decimals, exactly. */
export function formatAmount(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError('amount out of range');
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_UNIT)}.${String(abs % MICROS_PER_UNIT).padStart(6, '0')}`;
}

/** Parses an amount a person typed; a malformed one is the caller's error (400), not ours. */
export function parseAmountInput(text: string, param = 'amount'): number {
  try {
    return parseAmount(text);
  } catch {
    throw new InvalidAmountError(`'${text}' is not an amount with at most 6 decimals.`, param);
  }
}
