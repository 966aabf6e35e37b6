import { Logger } from '@nestjs/common';
import {
  ApiError,
  Environment,
  Paddle,
  type AdjustmentCreatedEvent,
  type AdjustmentUpdatedEvent,
  type CurrencyCode,
  type EventEntity,
  type IEventName,
  type TransactionCompletedEvent,
} from '@paddle/paddle-node-sdk';
import type { PaddleSettings } from '../../billing.config';
import type { AdjustmentAction } from '../../entities/payment-event.entity';
import {
  CheckoutRequest,
  CheckoutSession,
  PaymentEvent,
  PaymentEventPage,
  PaymentProcessor,
} from '../payment-processor';
import { InvalidWebhookError, ProcessorError, WebhookVerificationError } from '../payments.errors';
import {
  PaddleEnvelope,
  paddleAdjustmentSchema,
  paddleEnvelopeSchema,
  paddleTransactionSchema,
} from './paddle-events.schema';
import { verifyPaddleSignature } from './paddle-signature';

/** Keys of the custom data our checkouts attach to a Paddle transaction. */
export const PADDLE_CUSTOM_DATA = {
  account: 'vipcloud_account_id',
  purchase: 'vipcloud_purchase_id',
  pack: 'vipcloud_pack_id',
} as const;

/** The notifications that move money: the only ones the backfill asks Paddle's event log for. */
const MONEY_EVENTS: IEventName[] = ['transaction.completed', 'adjustment.created', 'adjustment.updated'];
/** Paddle's largest page. */
const EVENTS_PER_PAGE = 200;

const ADJUSTMENT_ACTIONS: Record<string, AdjustmentAction | undefined> = {
  refund: 'refund',
  chargeback: 'chargeback',
  chargeback_reverse: 'chargeback_reverse',
};

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null;
}

/** Paddle Billing as merchant of record, through its official SDK. */
export class PaddleProcessor extends PaymentProcessor {
  readonly name = 'paddle';
  private readonly logger = new Logger('Paddle');
  private readonly client: Paddle | null;

  constructor(private readonly settings: PaddleSettings) {
    super();
    // The SDK takes an environment name or, for anything else, a base URL (tests use a local one).
    const environment = (settings.apiUrl ??
      (settings.environment === 'production' ? Environment.production : Environment.sandbox)) as Environment;
    this.client = settings.apiKey ? new Paddle(settings.apiKey, { environment }) : null;
  }

  get canCharge(): boolean {
    return this.client !== null;
  }

  get canVerify(): boolean {
    return this.settings.webhookSecrets.length > 0;
  }

  private api(): Paddle {
    if (!this.client) throw new ProcessorError('request');
    return this.client;
  }

  async createCheckout(r: CheckoutRequest): Promise<CheckoutSession> {
    const customData = {
      [PADDLE_CUSTOM_DATA.account]: r.accountId,
      [PADDLE_CUSTOM_DATA.purchase]: r.purchaseId,
      [PADDLE_CUSTOM_DATA.pack]: r.pack.id,
    };
    const item = r.pack.processorPriceId
      ? { priceId: r.pack.processorPriceId, quantity: 1 }
      : {
          quantity: 1,
          price: {
            description: r.pack.name,
            name: r.pack.name,
            unitPrice: { amount: String(r.pack.priceMinor), currencyCode: r.pack.currency as CurrencyCode },
            product: { name: `VIPCloud credits: ${r.pack.name}`, taxCategory: 'standard' as const },
          },
        };
    try {
      const txn = await this.api().transactions.create({
        items: [item],
        customData,
        currencyCode: r.pack.currency as CurrencyCode,
        collectionMode: 'automatic',
      });
      return { transactionId: txn.id, checkoutUrl: txn.checkout?.url ?? null };
    } catch (err) {
      this.logger.warn(
        `transaction not created: ${err instanceof ApiError ? err.code : err instanceof Error ? err.name : 'error'}`,
      );
      throw new ProcessorError('checkout');
    }
  }

  async requestRefund(transactionId: string, reason: string): Promise<{ adjustmentId: string }> {
    try {
      const adj = await this.api().adjustments.create({ action: 'refund', type: 'full', transactionId, reason });
      return { adjustmentId: adj.id };
    } catch (err) {
      this.logger.warn(
        `refund not created for ${transactionId}: ${err instanceof ApiError ? err.code : err instanceof Error ? err.name : 'error'}`,
      );
      throw new ProcessorError('refund');
    }
  }

  async invoiceUrl(transactionId: string): Promise<string | null> {
    try {
      return (await this.api().transactions.getInvoicePDF(transactionId)).url ?? null;
    } catch {
      return null;
    }
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): PaymentEvent {
    if (!this.canVerify) throw new WebhookVerificationError('no webhook secret is configured');
    const check = verifyPaddleSignature(
      header(headers, 'paddle-signature'),
      rawBody,
      this.settings.webhookSecrets,
      now.getTime(),
      this.settings.webhookToleranceSeconds,
    );
    if (!check.ok) throw new WebhookVerificationError(check.why);
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new InvalidWebhookError('the body is not JSON');
    }
    return this.toPaymentEvent(json);
  }

  async *listEvents(after: string | null): AsyncIterable<PaymentEventPage> {
    const listing = this.api().events.list({
      ...(after ? { after } : {}),
      eventType: MONEY_EVENTS,
      orderBy: 'id[ASC]',
      perPage: EVENTS_PER_PAGE,
    });
    while (listing.hasMore) {
      let page: EventEntity[];
      try {
        page = await listing.next();
      } catch (err) {
        this.logger.warn(
          `events not listed: ${err instanceof ApiError ? err.code : err instanceof Error ? err.name : 'error'}`,
        );
        throw new ProcessorError('request');
      }
      const events: PaymentEvent[] = [];
      let unreadable = 0;
      for (const entity of page) {
        try {
          events.push(this.toPaymentEvent(envelopeOf(entity)));
        } catch (err) {
          // Left for the webhook (Paddle retries it) or an operator: the same bytes would fail there too.
          unreadable += 1;
          this.logger.error(
            `listed event ${entity.eventId} (${entity.eventType}) not applied: ${err instanceof Error ? err.message : 'error'}`,
          );
        }
      }
      if (page.length === 0) return;
      yield { events, unreadable, last: page[page.length - 1].eventId };
    }
  }

  /** Maps a notification (verified, or listed by the API) onto what the ledger needs. */
  private toPaymentEvent(envelope: unknown): PaymentEvent {
    const parsed = paddleEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) throw new InvalidWebhookError('it is not a Paddle notification');
    const { event_id: eventId, event_type: type, occurred_at, data } = parsed.data;
    const occurredAt = new Date(occurred_at);
    if (type === 'transaction.completed') {
      const txn = paddleTransactionSchema.safeParse(data);
      if (!txn.success) throw new InvalidWebhookError('the transaction is incomplete');
      const custom = txn.data.custom_data ?? {};
      const totals = txn.data.details.totals;
      return {
        kind: 'completed',
        eventId,
        type,
        occurredAt,
        transactionId: txn.data.id,
        accountId: text(custom[PADDLE_CUSTOM_DATA.account]),
        purchaseId: text(custom[PADDLE_CUSTOM_DATA.purchase]),
        packId: text(custom[PADDLE_CUSTOM_DATA.pack]),
        paidMinor: totals.grand_total ?? totals.total,
        taxMinor: totals.tax,
        netMinor: totals.total - totals.tax,
        currency: txn.data.currency_code,
      };
    }
    if (type === 'adjustment.created' || type === 'adjustment.updated') {
      const adj = paddleAdjustmentSchema.safeParse(data);
      if (!adj.success) throw new InvalidWebhookError('the adjustment is incomplete');
      const action = ADJUSTMENT_ACTIONS[adj.data.action];
      // Credits to the customer's Paddle balance and chargeback warnings move no money of ours.
      if (!action) return { kind: 'ignored', eventId, type, occurredAt, transactionId: adj.data.transaction_id };
      return {
        kind: 'adjustment',
        eventId,
        type,
        occurredAt,
        transactionId: adj.data.transaction_id,
        adjustmentId: adj.data.id,
        action,
        approved: adj.data.status === 'approved',
        rejected: adj.data.status === 'rejected',
        amountMinor: adj.data.totals.total,
        full: adj.data.type === 'full',
      };
    }
    // Only a transaction id is kept: other entities' ids (customers, addresses) are not ours to store.
    const id = text(data['id']);
    return { kind: 'ignored', eventId, type, occurredAt, transactionId: id?.startsWith('txn_') ? id : null };
  }
}

/**
 * A listed event back in the wire shape of a notification, with just the fields the webhook path
 * reads: the SDK turns listed events into camel-cased entities, and one mapping (with its
 * validation) serves both paths. Nothing else of the entity (customer, address) is carried over.
 */
function envelopeOf(entity: EventEntity): PaddleEnvelope {
  const base = { event_id: entity.eventId, event_type: entity.eventType, occurred_at: entity.occurredAt };
  if (entity.eventType === 'transaction.completed') {
    const t = (entity as TransactionCompletedEvent).data;
    const totals = t.details?.totals;
    return {
      ...base,
      data: {
        id: t.id,
        status: t.status,
        currency_code: t.currencyCode,
        custom_data: t.customData,
        details: totals ? { totals: { total: totals.total, tax: totals.tax, grand_total: totals.grandTotal } } : null,
      },
    };
  }
  if (entity.eventType === 'adjustment.created' || entity.eventType === 'adjustment.updated') {
    const a = (entity as AdjustmentCreatedEvent | AdjustmentUpdatedEvent).data;
    return {
      ...base,
      data: {
        id: a.id,
        action: a.action,
        type: a.type,
        transaction_id: a.transactionId,
        status: a.status,
        totals: { total: a.totals?.total },
      },
    };
  }
  const id = (entity.data as { id?: unknown }).id;
  return { ...base, data: typeof id === 'string' ? { id } : {} };
}
