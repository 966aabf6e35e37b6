const MICROS_PER_CENT = 10_000;

/**
 * Formats integer micro-USD for people, as "$1,234.56". Rounds down (towards negative infinity),
 * so a balance is never shown as more than it is. Integer arithmetic only; billing has its own
 * formatter but imports this lib, so sharing it would make a cycle.
 */
export function formatUsd(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError('amount must be a safe integer of micro-units');
  const cents = Math.floor(micros / MICROS_PER_CENT);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
