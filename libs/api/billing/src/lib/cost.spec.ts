import { BillableUsage, costMicros, Price } from './cost';

function usage(inputTokens: number, outputTokens = 0, cachedTokens = 0, reasoningTokens = 0): BillableUsage {
  return { inputTokens, cachedTokens, outputTokens, reasoningTokens };
}

const flash: Price = { input: 300_000, cachedInput: 6_000, output: 1_200_000 };

/** The exact cost with BigInt: ceil(sum / 1e6), clamping cached tokens to the input. */
function reference(u: BillableUsage, p: Price): bigint {
  const cached = BigInt(Math.min(u.cachedTokens, u.inputTokens));
  const scaled =
    (BigInt(u.inputTokens) - cached) * BigInt(p.input) +
    cached * BigInt(p.cachedInput) +
    BigInt(u.outputTokens) * BigInt(p.output);
  return (scaled + 999_999n) / 1_000_000n;
}

/** A small deterministic PRNG, so a failure can be reproduced. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('costMicros', () => {
  it('rounds a fraction of a micro-USD up to one', () => {
    expect(costMicros(usage(1), flash)).toBe(1);
    expect(costMicros(usage(0, 0, 0), { input: 1, cachedInput: 1, output: 1 })).toBe(0);
    expect(costMicros(usage(1), { input: 1, cachedInput: 0, output: 0 })).toBe(1);
  });

  it('costs nothing for no tokens', () => {
    expect(costMicros(usage(0), flash)).toBe(0);
  });

  it('costs nothing at a zero price', () => {
    expect(costMicros(usage(1000, 1000, 10), { input: 0, cachedInput: 0, output: 0 })).toBe(0);
  });

  it('does not round exact multiples', () => {
    expect(costMicros(usage(10), { input: 100_000, cachedInput: 0, output: 0 })).toBe(1);
    expect(costMicros(usage(1_000_000), flash)).toBe(300_000);
    expect(costMicros(usage(0, 1_000_000), flash)).toBe(1_200_000);
    expect(costMicros(usage(5, 5), { input: 100_000, cachedInput: 0, output: 100_000 })).toBe(1);
  });

  it('rounds once, on the total, not per part', () => {
    // 1 input token (0.3) + 1 output token (1.2) = 1.5 micro-USD -> 2, not 1 + 2 = 3.
    expect(costMicros(usage(1, 1), flash)).toBe(2);
  });

  it('bills cached input tokens at the cached price', () => {
    // 900 uncached * 0.3 + 100 cached * 0.006 + 50 output * 1.2 = 270 + 0.6 + 60 = 330.6 -> 331
    expect(costMicros(usage(1000, 50, 100), flash)).toBe(331);
    expect(costMicros(usage(1_000_000, 0, 1_000_000), flash)).toBe(6_000);
  });

  it('treats reasoning tokens as part of the output, not extra', () => {
    expect(costMicros(usage(0, 100, 0, 80), flash)).toBe(costMicros(usage(0, 100), flash));
  });

  it('clamps cached tokens to the input tokens', () => {
    expect(costMicros(usage(100, 0, 500), flash)).toBe(costMicros(usage(100, 0, 100), flash));
    expect(costMicros(usage(100, 0, 500), flash)).toBe(1); // 100 * 0.006 = 0.6 -> 1
  });

  it('stays exact when the intermediate sum exceeds 2^53', () => {
    const u = usage(Number.MAX_SAFE_INTEGER);
    const p: Price = { input: 2, cachedInput: 0, output: 0 };
    expect(BigInt(costMicros(u, p))).toBe(reference(u, p));
  });

  it('refuses a cost that cannot be represented exactly', () => {
    expect(() =>
      costMicros(usage(Number.MAX_SAFE_INTEGER), { input: 2_000_000_000, cachedInput: 0, output: 0 }),
    ).toThrow(RangeError);
  });

  it('matches an exact BigInt computation for random inputs', () => {
    const rand = lcg(20261101);
    const int = (max: number) => Math.floor(rand() * (max + 1));
    for (let i = 0; i < 20_000; i++) {
      const inputTokens = int(i % 3 === 0 ? 2_000_000 : 5_000);
      const u = usage(inputTokens, int(i % 5 === 0 ? 400_000 : 3_000), int(inputTokens + 10), 0);
      const p: Price = { input: int(20_000_000), cachedInput: int(3_000_000), output: int(100_000_000) };
      const got = costMicros(u, p);
      if (!Number.isInteger(got) || BigInt(got) !== reference(u, p)) {
        throw new Error(`costMicros(${JSON.stringify(u)}, ${JSON.stringify(p)}) = ${got}, expected ${reference(u, p)}`);
      }
    }
  });
});
