import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import request from 'supertest';
import { signPaddleBody } from '@vipcloud/billing';

/**
 * A loopback stand-in for Paddle's API, answering in its wire format (what the official SDK
 * parses): transactions, adjustments and invoice links. It records what it was asked.
 */
export interface FakePaddle {
  url: string;
  apiKey: string;
  transactions: Array<{ id: string; body: any }>;
  adjustments: Array<{ id: string; body: any }>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });

export async function startFakePaddle(apiKey = `pdl_test_${randomBytes(6).toString('hex')}`): Promise<FakePaddle> {
  const fake: Omit<FakePaddle, 'url' | 'close'> = { apiKey, transactions: [], adjustments: [] };
  const now = () => new Date().toISOString();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `bearer ${apiKey}`) return send(403, { error: { type: 'request_error', code: 'forbidden', detail: 'bad key' }, meta: { request_id: 'r' } });
    const parsed = body ? JSON.parse(body) : null;
    if (req.method === 'POST' && req.url === '/transactions') {
      const id = `txn_${randomBytes(10).toString('hex')}`;
      fake.transactions.push({ id, body: parsed });
      return send(201, {
        data: {
          id, status: 'ready', customer_id: null, address_id: null, business_id: null, custom_data: parsed.custom_data ?? null, currency_code: parsed.currency_code ?? 'USD',
          origin: 'api', subscription_id: null, invoice_id: null, invoice_number: null, collection_mode: 'automatic', discount_id: null, billing_details: null,
          billing_period: null, items: [], details: null, payments: [], checkout: { url: `http://127.0.0.1/checkout?_ptxn=${id}` }, created_at: now(), updated_at: now(), billed_at: null,
        },
        meta: { request_id: 'r' },
      });
    }
    if (req.method === 'POST' && req.url === '/adjustments') {
      const id = `adj_${randomBytes(10).toString('hex')}`;
      fake.adjustments.push({ id, body: parsed });
      return send(201, {
        data: {
          id, action: parsed.action, type: parsed.type ?? 'full', transaction_id: parsed.transaction_id, subscription_id: null, customer_id: 'ctm_1', reason: parsed.reason,
          credit_applied_to_balance: null, currency_code: 'USD', status: 'pending_approval', items: [],
          totals: { subtotal: '0', tax: '0', total: '0', fee: '0', earnings: '0', currency_code: 'USD' }, payout_totals: null, created_at: now(), updated_at: now(),
        },
        meta: { request_id: 'r' },
      });
    }
    const invoice = /^\/transactions\/(txn_\w+)\/invoice/.exec(req.url ?? '');
    if (req.method === 'GET' && invoice) return send(200, { data: { url: `http://127.0.0.1/invoices/${invoice[1]}.pdf` }, meta: { request_id: 'r' } });
    send(404, { error: { type: 'request_error', code: 'not_found', detail: 'no route' }, meta: { request_id: 'r' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { ...fake, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Paddle's notification envelope. */
export function paddleEvent(type: string, data: Record<string, unknown>, eventId = `evt_${randomBytes(10).toString('hex')}`, occurredAt = new Date()): string {
  return JSON.stringify({ event_id: eventId, event_type: type, occurred_at: occurredAt.toISOString(), notification_id: `ntf_${randomBytes(6).toString('hex')}`, data });
}

export function completedTransaction(id: string, customData: Record<string, string> | null, totalMinor: number, taxMinor = 0, currency = 'USD'): Record<string, unknown> {
  return {
    id, status: 'completed', currency_code: currency, custom_data: customData, customer_id: 'ctm_1', origin: 'web',
    details: { totals: { subtotal: String(totalMinor - taxMinor), tax: String(taxMinor), total: String(totalMinor), grand_total: String(totalMinor), currency_code: currency } },
  };
}

export function adjustment(id: string, transactionId: string, action: string, status: string, totalMinor: number, type: 'full' | 'partial' = 'partial'): Record<string, unknown> {
  return { id, action, type, transaction_id: transactionId, status, currency_code: 'USD', totals: { subtotal: String(totalMinor), tax: '0', total: String(totalMinor), fee: '0', earnings: '0', currency_code: 'USD' } };
}

/** Posts a notification signed like Paddle (`ts=…;h1=HMAC-SHA256(secret, ts:body)`). */
export function deliver(baseUrl: string, body: string, secret: string, tsSeconds = Math.floor(Date.now() / 1000)) {
  return request(baseUrl).post('/webhooks/paddle').set('content-type', 'application/json').set('paddle-signature', signPaddleBody(body, secret, tsSeconds)).send(body);
}
