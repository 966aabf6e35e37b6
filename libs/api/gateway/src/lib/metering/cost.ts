import type { ModelPrice } from '../catalog/model-catalog.schema';
import type { TokenUsage } from '../providers/provider-adapter';

const PER_MILLION = 1_000_000;

/**
 * Cost in integer micro-USD. Cached input is billed at its own price, the rest of the input at the
 * input price; reasoning tokens are part of the output. The one rounding rule: round up, once.
 */
export function costMicros(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const scaled =
    (usage.inputTokens - cached) * price.input + cached * price.cachedInput + usage.outputTokens * price.output;
  if (!Number.isSafeInteger(scaled)) throw new RangeError('cost out of range');
  return Math.floor((scaled + PER_MILLION - 1) / PER_MILLION);
}
