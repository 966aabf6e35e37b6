/**
 * Integer micro-USD per 1M tokens (the model catalog's and the GraphQL `models` query's unit) as
 * dollars: at least 2 decimals, up to 6, exact (no floats). public/scripts/model-prices.js formats the
 * live prices the same way.
 */
export function usdPerMillion(micros: number): string {
  let fraction = String(micros % 1_000_000).padStart(6, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `$${Math.floor(micros / 1_000_000)}.${fraction}`;
}
