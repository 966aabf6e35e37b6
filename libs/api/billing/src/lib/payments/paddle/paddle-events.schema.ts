import { z } from 'zod';

/** Amounts in Paddle's payloads are strings of the currency's minor unit. */
const minor = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);
const customData = z.record(z.string(), z.unknown()).nullish();

/** Only the fields we apply are read; everything else in a notification is ignored (and not kept). */
export const paddleEnvelopeSchema = z.object({
  event_id: z.string().min(1).max(64),
  event_type: z.string().min(1).max(64),
  occurred_at: z.string().datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

export const paddleTransactionSchema = z.object({
  id: z.string().min(1).max(64),
  status: z.string(),
  currency_code: z.string().length(3),
  custom_data: customData,
  details: z.object({
    totals: z.object({ total: minor, tax: minor, grand_total: minor.optional() }),
  }),
});

export const paddleAdjustmentSchema = z.object({
  id: z.string().min(1).max(64),
  action: z.string(),
  type: z.enum(['full', 'partial']).optional(),
  transaction_id: z.string().min(1).max(64),
  status: z.string(),
  totals: z.object({ total: minor }),
});

export type PaddleEnvelope = z.input<typeof paddleEnvelopeSchema>;
export type PaddleTransactionData = z.infer<typeof paddleTransactionSchema>;
export type PaddleAdjustmentData = z.infer<typeof paddleAdjustmentSchema>;
