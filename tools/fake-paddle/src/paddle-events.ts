import { randomBytes } from 'node:crypto';

/** Paddle's notification envelope around one event's data, as the raw JSON text Paddle signs. */
export function paddleEvent(
  type: string,
  data: Record<string, unknown>,
  eventId = `evt_${randomBytes(10).toString('hex')}`,
  occurredAt = new Date(),
): string {
  return JSON.stringify({
    event_id: eventId,
    event_type: type,
    occurred_at: occurredAt.toISOString(),
    notification_id: `ntf_${randomBytes(6).toString('hex')}`,
    data,
  });
}

/**
 * A completed transaction's data; amounts are in minor units, as strings on the wire. The lists
 * Paddle always sends are present (empty): the SDK's entities, which read listed events, need them.
 */
export function completedTransaction(
  id: string,
  customData: Record<string, string> | null,
  totalMinor: number,
  taxMinor = 0,
  currency = 'USD',
): Record<string, unknown> {
  const totals = {
    subtotal: String(totalMinor - taxMinor),
    tax: String(taxMinor),
    total: String(totalMinor),
    grand_total: String(totalMinor),
    currency_code: currency,
  };
  return {
    id,
    status: 'completed',
    currency_code: currency,
    custom_data: customData,
    customer_id: 'ctm_1',
    origin: 'web',
    items: [],
    payments: [],
    details: { tax_rates_used: [], totals, line_items: [] },
  };
}

/** An adjustment's data (refund, chargeback, chargeback reversal…) against a transaction. */
export function adjustment(
  id: string,
  transactionId: string,
  action: string,
  status: string,
  totalMinor: number,
  type: 'full' | 'partial' = 'partial',
): Record<string, unknown> {
  const total = String(totalMinor);
  return {
    id,
    action,
    type,
    transaction_id: transactionId,
    status,
    currency_code: 'USD',
    items: [],
    totals: { subtotal: total, tax: '0', total, fee: '0', earnings: '0', currency_code: 'USD' },
  };
}
