/** Integer micro-USD per 1M tokens. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

export interface BillableUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Part of the output tokens; not priced separately. */
  reasoningTokens?: number;
}

const PER_MILLION = 1_000_000n;

/**
 * Cost in integer micro-USD. Cached input is billed at its own price, the rest of the input at the
 * input price; reasoning tokens are part of the output. The one rounding rule: round up, once.
 */
export function costMicros(usage: BillableUsage, price: Price): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  // BigInt keeps the sum and the round-up exact whatever the sizes.
  const scaled =
    BigInt(usage.inputTokens - cached) * BigInt(price.input) +
    BigInt(cached) * BigInt(price.cachedInput) +
    BigInt(usage.outputTokens) * BigInt(price.output);
  const micros = (scaled + PER_MILLION - 1n) / PER_MILLION;
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('cost out of range');
  return Number(micros);
}
