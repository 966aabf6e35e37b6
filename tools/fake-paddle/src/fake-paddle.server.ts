import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson, sendText } from '@vipcloud/server-kit';
import type {
  EventListing,
  FakePaddle,
  PaddleAdjustmentRequest,
  PaddleEventEnvelope,
  PaddleTransactionRequest,
  Recorded,
} from './fake-paddle.types';
import { PADDLE_JS_PATH, PADDLE_JS_STAND_IN } from './paddle-js.script';

const MAX_BODY_BYTES = 1024 * 1024;
const META = { request_id: 'r' };
/** Paddle's page size for list operations: 50 unless asked, at most 200. */
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 200;

type Reply = { status: number; body: unknown };

export interface FakePaddleOptions {
  /** Accepted as `Authorization: Bearer <apiKey>` (a random test key by default). */
  apiKey?: string;
  /** The largest page a list operation returns, however many are asked for (Paddle's: 200). */
  maxPerPage?: number;
}

/** Starts the fake; it accepts only its own API key. */
export async function startFakePaddle(options: FakePaddleOptions = {}): Promise<FakePaddle> {
  const apiKey = options.apiKey ?? `pdl_test_${randomBytes(6).toString('hex')}`;
  const transactions: Array<Recorded<PaddleTransactionRequest>> = [];
  const adjustments: Array<Recorded<PaddleAdjustmentRequest>> = [];
  const state: EventState = { events: [], listings: [], origin: '', maxPerPage: options.maxPerPage ?? MAX_PER_PAGE };
  const listener = await listenOnLoopback((req, res) => {
    // The browser's script, public like Paddle's CDN (no key); any origin may load it.
    if (req.method === 'GET' && req.url === PADDLE_JS_PATH) {
      sendText(res, 200, PADDLE_JS_STAND_IN, {
        'content-type': 'text/javascript; charset=utf-8',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'no-store',
      });
      return;
    }
    answer(req, apiKey, transactions, adjustments, state).then(
      (reply) => sendJson(res, reply.status, reply.body),
      (error: unknown) => {
        const status = error instanceof BodyTooLargeError ? 413 : 500;
        sendJson(res, status, paddleError('request_error', 'bad_request', String(error)));
      },
    );
  });
  state.origin = listener.origin;
  return {
    url: listener.origin,
    scriptUrl: `${listener.origin}${PADDLE_JS_PATH}`,
    apiKey,
    transactions,
    adjustments,
    events: state.events,
    eventListings: state.listings,
    publish: (envelope) => {
      state.events.push(JSON.parse(envelope) as PaddleEventEnvelope);
    },
    close: () => listener.close(),
  };
}

interface EventState {
  /** Oldest first: Paddle's event ids sort by creation, so this is the order of `id[ASC]`. */
  events: PaddleEventEnvelope[];
  listings: EventListing[];
  origin: string;
  maxPerPage: number;
}

async function answer(
  req: IncomingMessage,
  apiKey: string,
  transactions: Array<Recorded<PaddleTransactionRequest>>,
  adjustments: Array<Recorded<PaddleAdjustmentRequest>>,
  state: EventState,
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
  if (req.method === 'GET' && /^\/events(\?|$)/.test(req.url ?? '')) return listEvents(req.url ?? '', state);
  const invoice = /^\/transactions\/(txn_\w+)\/invoice/.exec(req.url ?? '');
  if (req.method === 'GET' && invoice) {
    return { status: 200, body: { data: { url: `http://127.0.0.1/invoices/${invoice[1]}.pdf` }, meta: META } };
  }
  return { status: 404, body: paddleError('request_error', 'not_found', 'no route') };
}

/**
 * `GET /events`: `after` (an event id), `event_type` (comma-separated), `per_page`, `order_by`
 * (`id[ASC]`, the default, or `id[DESC]`), answered with Paddle's `meta.pagination` — whose `next`
 * is the absolute URL of the following page, as the SDK follows it.
 */
function listEvents(url: string, state: EventState): Reply {
  const query = new URL(url, state.origin).searchParams;
  const after = query.get('after');
  const types = query.get('event_type')?.split(',').filter(Boolean) ?? null;
  const orderBy = query.get('order_by') ?? 'id[ASC]';
  const perPageText = query.get('per_page');
  const perPage = perPageText === null ? DEFAULT_PER_PAGE : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1) return invalid('per_page must be a positive integer');
  if (orderBy !== 'id[ASC]' && orderBy !== 'id[DESC]') return invalid('order_by must be id[ASC] or id[DESC]');
  state.listings.push({ after, eventTypes: types, perPage });
  let events = state.events.filter((e) => !types || types.includes(e.event_type));
  if (orderBy === 'id[DESC]') events = [...events].reverse();
  if (after) {
    const at = events.findIndex((e) => e.event_id === after);
    if (at < 0) return invalid(`after: no event ${after}`);
    events = events.slice(at + 1);
  }
  const page = events.slice(0, Math.min(perPage, state.maxPerPage));
  const last = page.at(-1)?.event_id ?? after;
  const next = new URL('/events', state.origin);
  for (const [k, v] of query) if (k !== 'after') next.searchParams.set(k, v);
  if (last) next.searchParams.set('after', last);
  return {
    status: 200,
    body: {
      data: page,
      meta: {
        ...META,
        pagination: {
          per_page: page.length,
          next: next.toString(),
          has_more: events.length > page.length,
          estimated_total: events.length,
        },
      },
    },
  };
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
