import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson } from '@vipcloud/server-kit';
import type { FakePaddle, PaddleAdjustmentRequest, PaddleTransactionRequest, Recorded } from './fake-paddle.types';

const MAX_BODY_BYTES = 1024 * 1024;
const META = { request_id: 'r' };

type Reply = { status: number; body: unknown };

/** Starts the fake; it accepts only `Authorization: Bearer <apiKey>` (a random key by default). */
export async function startFakePaddle(apiKey = `pdl_test_${randomBytes(6).toString('hex')}`): Promise<FakePaddle> {
  const transactions: Array<Recorded<PaddleTransactionRequest>> = [];
  const adjustments: Array<Recorded<PaddleAdjustmentRequest>> = [];
  const listener = await listenOnLoopback((req, res) => {
    answer(req, apiKey, transactions, adjustments).then(
      (reply) => sendJson(res, reply.status, reply.body),
      (error: unknown) => {
        const status = error instanceof BodyTooLargeError ? 413 : 500;
        sendJson(res, status, paddleError('request_error', 'bad_request', String(error)));
      },
    );
  });
  return { url: listener.origin, apiKey, transactions, adjustments, close: () => listener.close() };
}

async function answer(
  req: IncomingMessage,
  apiKey: string,
  transactions: Array<Recorded<PaddleTransactionRequest>>,
  adjustments: Array<Recorded<PaddleAdjustmentRequest>>,
): Promise<Reply> {
  const raw = await readBody(req, MAX_BODY_BYTES);
  // Paddle compares the scheme case-insensitively; the SDK sends `bearer`.
  const token = /^bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token !== apiKey) return { status: 403, body: paddleError('request_error', 'forbidden', 'bad key') };
  const now = new Date().toISOString();
  if (req.method === 'POST' && req.url === '/transactions') {
    const body = transactionRequest(parseObject(raw));
    if (!body) return invalid('a transaction needs a non-empty items array');
    const id = `txn_${randomBytes(10).toString('hex')}`;
    transactions.push({ id, body });
    return created(transactionResource(id, body, now));
  }
  if (req.method === 'POST' && req.url === '/adjustments') {
    const body = adjustmentRequest(parseObject(raw));
    if (!body) return invalid('an adjustment needs action, transaction_id and reason');
    const id = `adj_${randomBytes(10).toString('hex')}`;
    adjustments.push({ id, body });
    return created(adjustmentResource(id, body, now));
  }
  const invoice = /^\/transactions\/(txn_\w+)\/invoice/.exec(req.url ?? '');
  if (req.method === 'GET' && invoice) {
    return { status: 200, body: { data: { url: `http://127.0.0.1/invoices/${invoice[1]}.pdf` }, meta: META } };
  }
  return { status: 404, body: paddleError('request_error', 'not_found', 'no route') };
}

function transactionResource(id: string, body: PaddleTransactionRequest, now: string): Record<string, unknown> {
  return {
    id,
    status: 'ready',
    customer_id: null,
    address_id: null,
    business_id: null,
    custom_data: body.custom_data ?? null,
    currency_code: body.currency_code ?? 'USD',
    origin: 'api',
    subscription_id: null,
    invoice_id: null,
    invoice_number: null,
    collection_mode: 'automatic',
    discount_id: null,
    billing_details: null,
    billing_period: null,
    items: [],
    details: null,
    payments: [],
    checkout: { url: `http://127.0.0.1/checkout?_ptxn=${id}` },
    created_at: now,
    updated_at: now,
    billed_at: null,
  };
}

function adjustmentResource(id: string, body: PaddleAdjustmentRequest, now: string): Record<string, unknown> {
  return {
    id,
    action: body.action,
    type: body.type ?? 'full',
    transaction_id: body.transaction_id,
    subscription_id: null,
    customer_id: 'ctm_1',
    reason: body.reason,
    credit_applied_to_balance: null,
    currency_code: 'USD',
    status: 'pending_approval',
    items: [],
    totals: { subtotal: '0', tax: '0', total: '0', fee: '0', earnings: '0', currency_code: 'USD' },
    payout_totals: null,
    created_at: now,
    updated_at: now,
  };
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The fields the fake relies on are checked; the rest is kept as sent, for tests to read. */
function transactionRequest(body: Record<string, unknown> | null): PaddleTransactionRequest | null {
  if (!body || !Array.isArray(body['items']) || body['items'].length === 0) return null;
  return body as unknown as PaddleTransactionRequest;
}

function adjustmentRequest(body: Record<string, unknown> | null): PaddleAdjustmentRequest | null {
  if (!body) return null;
  const strings = ['action', 'transaction_id', 'reason'].every((k) => typeof body[k] === 'string');
  return strings ? (body as unknown as PaddleAdjustmentRequest) : null;
}

const created = (data: Record<string, unknown>): Reply => ({ status: 201, body: { data, meta: META } });
const invalid = (detail: string): Reply => ({
  status: 400,
  body: paddleError('request_error', 'invalid_field', detail),
});

function paddleError(type: string, code: string, detail: string): Record<string, unknown> {
  return { error: { type, code, detail }, meta: META };
}
