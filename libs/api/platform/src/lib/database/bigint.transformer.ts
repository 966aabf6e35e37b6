import type { ValueTransformer } from 'typeorm';

/**
 * BIGINT columns hold money in micro-units and token counts. mysql2 returns them as strings and
 * SQLite as numbers; both become a JS number, refused if it would lose precision.
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null): number | null => {
    if (value === null || value === undefined) return null;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n))
      throw new RangeError(`BIGINT value ${String(value)} is outside the safe integer range`);
    return n;
  },
};
