import type { CreditPackEntity } from '../entities/credit-pack.entity';
import type { AdjustmentAction } from '../entities/payment-event.entity';

export interface CheckoutRequest {
  purchaseId: string;
  accountId: string;
  pack: CreditPackEntity;
}

export interface CheckoutSession {
  /** The processor's transaction, which the portal opens in the processor's checkout. */
  transactionId: string;
  checkoutUrl: string | null;
}

/** A verified notification, reduced to what the ledger needs; processors map theirs onto these. */
export type PaymentEvent =
  | {
      kind: 'completed';
      eventId: string;
      type: string;
      occurredAt: Date;
      transactionId: string;
      /** From the transaction's custom data, as set at checkout (absent if created elsewhere). */
      accountId: string | null;
      purchaseId: string | null;
      packId: string | null;
      /** Charged in all, tax included. */
      paidMinor: number;
      taxMinor: number;
      /** Charged for the goods: after discounts, before tax. Must cover the pack's price. */
      netMinor: number;
      currency: string;
    }
  | {
      kind: 'adjustment';
      eventId: string;
      type: string;
      occurredAt: Date;
      transactionId: string;
      adjustmentId: string;
      action: AdjustmentAction;
      /** Only approved adjustments move money; pending or rejected ones are recorded and ignored. */
      approved: boolean;
      /** The processor turned the adjustment down (a refund we asked for may be asked again). */
      rejected: boolean;
      amountMinor: number;
      full: boolean;
    }
  | { kind: 'ignored'; eventId: string; type: string; occurredAt: Date; transactionId: string | null };

/** One page of the processor's notification log, oldest first. */
export interface PaymentEventPage {
  /** The page's notifications that could be read, in the log's order. */
  events: PaymentEvent[];
  /** Notifications of the page that could not be read (logged by the processor, not applied). */
  unreadable: number;
  /** The id of the page's last notification: where the next listing resumes. */
  last: string | null;
}

/**
 * A payment processor (merchant of record). The ledger and purchases never see a processor's
 * wire format: a new processor implements this and maps its notifications onto PaymentEvent.
 */
export abstract class PaymentProcessor {
  abstract readonly name: string;
  /** Whether checkout, refunds and the notification log can be requested (an API key is configured). */
  abstract readonly canCharge: boolean;
  /** Whether notifications can be verified (at least one webhook secret is configured). */
  abstract readonly canVerify: boolean;
  abstract createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * Verifies the signature over the exact bytes received and parses the notification. Throws
   * WebhookVerificationError (tampered, unsigned, wrong secret, stale) or InvalidWebhookError.
   */
  abstract parseWebhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
    now: Date,
  ): PaymentEvent;
  /** Asks the processor to refund a completed transaction in full; the money moves when it notifies. */
  abstract requestRefund(transactionId: string, reason: string): Promise<{ adjustmentId: string }>;
  /**
   * The notifications that move money, from the processor's own log, page by page and oldest first:
   * after the notification `after`, or from the oldest the processor keeps. What a missed webhook
   * would have delivered, for the backfill to apply through the same exactly-once path.
   */
  abstract listEvents(after: string | null): AsyncIterable<PaymentEventPage>;
  /** A link to the processor's invoice PDF for a completed transaction, if it has one. */
  abstract invoiceUrl(transactionId: string): Promise<string | null>;
}
