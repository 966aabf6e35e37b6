import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { defineConfig } from '@vipcloud/platform';

const UNIT_MS = { s: 1000, m: 60_000, h: 3600_000, d: 24 * 3600_000 } as const;
const MAX_TTL_MS = 30 * UNIT_MS.d;

/** A duration such as `7d`, `12h`, `30m` or `90s`, in milliseconds; at most 30 days. */
const duration = z
  .string()
  .trim()
  .regex(/^[1-9]\d*[smhd]$/, 'a duration such as 7d, 12h, 30m or 90s')
  .transform((v) => Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS])
  // Captures hold prompt text: a typo must not keep them for years.
  .refine((ms) => ms <= MAX_TTL_MS, 'at most 30d');

/** Debug captures: how long a kept prompt and completion live before the retention job deletes them. */
export const debugCapturesConfig = defineConfig(
  'privacy (debug captures)',
  { DEBUG_CAPTURE_TTL: duration.default(7 * UNIT_MS.d) },
  (vars) => ({ ttlMs: vars.DEBUG_CAPTURE_TTL }),
);

export type DebugCapturesConfig = ReturnType<typeof debugCapturesConfig.read>;

/** Injects the debug captures' settings. */
export const InjectDebugCapturesConfig = (): ParameterDecorator => Inject(debugCapturesConfig.token);
