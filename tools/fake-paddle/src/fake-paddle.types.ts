/** A price given inline in a transaction item (what a checkout for a credit pack sends). */
export interface PaddleInlinePrice {
  description?: string;
  name?: string;
  unit_price: { amount: string; currency_code: string };
  product?: { name: string; tax_category: string };
}

export interface PaddleTransactionItem {
  quantity: number;
  price_id?: string;
  price?: PaddleInlinePrice;
}

/** The body of `POST /transactions`, as the official SDK sends it (snake_case on the wire). */
export interface PaddleTransactionRequest {
  items: PaddleTransactionItem[];
  custom_data?: Record<string, string> | null;
  currency_code?: string;
  collection_mode?: string;
}

/** The body of `POST /adjustments`. */
export interface PaddleAdjustmentRequest {
  action: string;
  type?: 'full' | 'partial';
  transaction_id: string;
  reason: string;
}

export interface Recorded<T> {
  /** The id the fake gave the created object. */
  id: string;
  body: T;
}

/** A notification as Paddle sends it and lists it from `GET /events`. */
export interface PaddleEventEnvelope {
  event_id: string;
  event_type: string;
  occurred_at: string;
  notification_id?: string;
  data: Record<string, unknown>;
}

/** One `GET /events` request, as the fake understood it. */
export interface EventListing {
  after: string | null;
  eventTypes: string[] | null;
  perPage: number;
}

/**
 * A loopback stand-in for Paddle Billing's API, answering in its wire format (what the official
 * SDK parses): transactions, adjustments, invoice links and the event log. It records what it was asked.
 */
export interface FakePaddle {
  /** The base URL to give the SDK as its environment. */
  readonly url: string;
  /** A stand-in for Paddle.js (see paddle-js.script.ts), on the same loopback origin. */
  readonly scriptUrl: string;
  readonly apiKey: string;
  readonly transactions: Array<Recorded<PaddleTransactionRequest>>;
  readonly adjustments: Array<Recorded<PaddleAdjustmentRequest>>;
  /** The event log `GET /events` lists, oldest first. */
  readonly events: PaddleEventEnvelope[];
  readonly eventListings: EventListing[];
  /** Adds a notification (the JSON text of `paddleEvent`) to the event log, after every other one. */
  publish(envelope: string): void;
  close(): Promise<void>;
}
