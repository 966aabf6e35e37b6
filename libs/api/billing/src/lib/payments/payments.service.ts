import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '@vipcloud/accounts';
import { Clock, sha256Hex } from '@vipcloud/platform';
import { LowBalanceService } from '../alerts/low-balance.service';
import type { CreditPackEntity } from '../entities/credit-pack.entity';
import type { LedgerEntryEntity, LedgerKind } from '../entities/ledger-entry.entity';
import type { PaymentEventEntity, PaymentEventStatus } from '../entities/payment-event.entity';
import type { PurchaseEntity, PurchaseStatus } from '../entities/purchase.entity';
import { LedgerRepository } from '../ledger/ledger.repository';
import { CreditPacksService } from '../packs/credit-packs.service';
import { CheckoutSession, PaymentEvent, PaymentProcessor } from './payment-processor';
import { NotificationTransaction, PaymentsRepository } from './payments.repository';
import {
  PaymentsUnavailableError,
  PurchaseNotFoundError,
  RefundNotAllowedError,
  TooManyCheckoutsError,
} from './payments.errors';

/** Unfinished checkouts an account may start in 24 hours. */
export const MAX_PENDING_CHECKOUTS = 20;

export type NotificationOutcome = PaymentEventStatus | 'replayed';

type AdjustmentEvent = Extract<PaymentEvent, { kind: 'adjustment' }>;
type CompletedEvent = Extract<PaymentEvent, { kind: 'completed' }>;

export interface Checkout {
  purchase: PurchaseEntity;
  transactionId: string;
  checkoutUrl: string | null;
}

/**
 * Buying credits: checkout through the processor, then its notifications applied exactly once
 * each — the notification's row, the purchase and the ledger entries commit together, and the
 * notification's id as primary key makes every redelivery a no-op. Refunds that arrive before
 * their transaction completed wait (`deferred`) and are applied with the completion, so any
 * order of arrival ends in the same balance.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly processor: PaymentProcessor,
    private readonly payments: PaymentsRepository,
    private readonly ledger: LedgerRepository,
    private readonly packs: CreditPacksService,
    private readonly alerts: LowBalanceService,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
  ) {}

  get checkoutAvailable(): boolean {
    return this.processor.canCharge;
  }

  async startCheckout(accountId: string, packId: string): Promise<Checkout> {
    if (!this.processor.canCharge) throw new PaymentsUnavailableError();
    const pack = await this.packs.findOnSale(packId);
    // Each checkout creates a processor transaction: bound how many an account leaves unfinished. The
    // slot is taken (the pending row inserted, under a lock) before the processor is asked, so concurrent
    // checkouts cannot pass the cap together; the row gets the processor's transaction id once it exists.
    const now = this.clock.now();
    const since = new Date(now.getTime() - 24 * 3600_000);
    const purchaseId = randomUUID();
    const slot = this.pendingPurchase(purchaseId, accountId, pack, `unstarted:${purchaseId}`, now);
    if (!(await this.payments.insertPendingWithinCap(slot, MAX_PENDING_CHECKOUTS, since)))
      throw new TooManyCheckoutsError();
    let session: CheckoutSession;
    try {
      session = await this.processor.createCheckout({ purchaseId, accountId, pack });
    } catch (err) {
      await this.payments.deleteUnstartedPurchase(purchaseId);
      throw err;
    }
    await this.payments.setProcessorTransaction(purchaseId, session.transactionId, this.clock.now());
    const purchase = { ...slot, processorTransactionId: session.transactionId };
    return { purchase, transactionId: session.transactionId, checkoutUrl: session.checkoutUrl };
  }

  /** A purchase not paid yet, with a snapshot of the pack it buys (editing the pack never changes it). */
  private pendingPurchase(
    id: string,
    accountId: string,
    pack: CreditPackEntity,
    processorTransactionId: string,
    now: Date,
  ): PurchaseEntity {
    return {
      id,
      accountId,
      packId: pack.id,
      packName: pack.name,
      creditsMicros: pack.creditsMicros,
      amountMinor: pack.priceMinor,
      currency: pack.currency,
      paidMinor: null,
      taxMinor: null,
      refundedMinor: 0,
      creditsReversedMicros: 0,
      creditsChargedBackMicros: 0,
      processor: this.processor.name,
      processorTransactionId,
      status: 'pending',
      refundRequestedAt: null,
      refundAdjustmentId: null,
      createdAt: now,
      completedAt: null,
      updatedAt: now,
    };
  }

  /** A notification as received: verified over its raw bytes, then applied once. */
  async receive(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<NotificationOutcome> {
    const event = this.processor.parseWebhook(rawBody, headers, this.clock.now());
    return this.apply(event);
  }

  async apply(event: PaymentEvent): Promise<NotificationOutcome> {
    if (await this.payments.knownEvent(event.eventId)) return 'replayed';
    const purchase = await this.preparePurchase(event);
    if (purchase) await this.ledger.ensureBalanceRow(purchase.accountId, this.clock.now());
    let entries: LedgerEntryEntity[] = [];
    // The repository locks the purchase, records the notification and stores its outcome; what
    // the notification does is decided here, on that transaction.
    const status = await this.payments.applyNotification(this.eventRow(event), (tx, locked) => {
      entries = [];
      return this.applyWithin(tx, event, locked, entries);
    });
    for (const entry of entries) await this.alerts.observe(entry);
    if (status !== 'applied' && status !== 'replayed')
      this.logger.log(`notification ${event.eventId} (${event.type}) ${status}`);
    return status;
  }

  /**
   * The purchase an event belongs to. A completed transaction we did not start (created in
   * Paddle's checkout with our custom data) gets one here, for an existing, open account only —
   * its money is checked against the pack like any other. Created outside the transaction:
   * concurrent inserts of one new row deadlock on MariaDB.
   */
  private async preparePurchase(event: PaymentEvent): Promise<PurchaseEntity | null> {
    if (event.kind === 'ignored') return null;
    const existing = await this.payments.findByTransaction(event.transactionId);
    if (existing || event.kind !== 'completed' || !event.accountId) return existing;
    const pack = event.packId ? await this.packs.find(event.packId) : null;
    const account = await this.accounts.findById(event.accountId);
    if (!pack || !account || account.status === 'closed') return null;
    const now = this.clock.now();
    await this.payments.insertPurchaseIfAbsent(
      this.pendingPurchase(event.purchaseId ?? randomUUID(), account.id, pack, event.transactionId, now),
    );
    return this.payments.findByTransaction(event.transactionId);
  }

  private async applyWithin(
    tx: NotificationTransaction,
    event: PaymentEvent,
    purchase: PurchaseEntity | null,
    entries: LedgerEntryEntity[],
  ): Promise<PaymentEventStatus> {
    if (event.kind === 'ignored') return 'ignored';
    if (event.kind === 'adjustment' && !event.approved) {
      // The refund an operator asked for was turned down: it may be asked again.
      if (event.rejected && purchase?.refundAdjustmentId === event.adjustmentId) {
        Object.assign(purchase, { refundRequestedAt: null, refundAdjustmentId: null });
        await tx.savePurchase(purchase);
      }
      return 'ignored';
    }
    if (event.kind === 'completed') {
      if (!purchase) {
        this.logger.warn(
          `transaction ${event.transactionId} completed without a purchase of ours (no valid custom data)`,
        );
        return 'ignored';
      }
      if (purchase.status !== 'pending') return 'duplicate';
      // Credits follow money: a transaction that paid less than the pack (a discount, a cheaper
      // price with our custom data copied onto it) or in another currency grants nothing.
      if (event.currency !== purchase.currency || event.netMinor < purchase.amountMinor) {
        this.logger.error(
          `transaction ${event.transactionId} paid ${event.netMinor} ${event.currency} net for a pack of ${purchase.amountMinor} ${purchase.currency}: not granted, left for review`,
        );
        return 'mismatch';
      }
      await this.complete(tx, purchase, event, entries);
      await this.applyDeferred(tx, purchase, entries);
      await tx.savePurchase(purchase);
      return 'applied';
    }
    // An approved refund or chargeback of a transaction not yet completed here waits for it, and
    // so does a chargeback reversal that arrives before its chargeback.
    if (!purchase || purchase.status === 'pending') return 'deferred';
    const row = this.eventRow(event);
    if (this.waits(purchase, row)) return 'deferred';
    const status = await this.adjust(tx, purchase, row, entries);
    await this.applyDeferred(tx, purchase, entries);
    await tx.savePurchase(purchase);
    return status;
  }

  private waits(purchase: PurchaseEntity, ev: PaymentEventEntity): boolean {
    return ev.action === 'chargeback_reverse' && purchase.creditsChargedBackMicros === 0;
  }

  /** Applies the transaction's waiting adjustments that can apply now, in the order they occurred. */
  private async applyDeferred(
    tx: NotificationTransaction,
    purchase: PurchaseEntity,
    entries: LedgerEntryEntity[],
  ): Promise<void> {
    for (let progress = true; progress;) {
      progress = false;
      for (const deferred of await tx.deferredFor(purchase.processorTransactionId)) {
        if (this.waits(purchase, deferred)) continue;
        await tx.setEventStatus(deferred.eventId, await this.adjust(tx, purchase, deferred, entries));
        progress = true;
      }
    }
  }

  private async complete(
    tx: NotificationTransaction,
    purchase: PurchaseEntity,
    event: CompletedEvent,
    entries: LedgerEntryEntity[],
  ): Promise<void> {
    const now = this.clock.now();
    entries.push(
      await tx.appendLedger(
        this.entry(
          purchase,
          'purchase',
          purchase.creditsMicros,
          `purchase:${purchase.id}`,
          `Credit pack ${purchase.packName} (${purchase.processorTransactionId})`,
        ),
        now,
      ),
    );
    Object.assign(purchase, {
      status: 'completed',
      paidMinor: event.paidMinor,
      taxMinor: event.taxMinor,
      completedAt: event.occurredAt,
      updatedAt: now,
    });
  }

  /**
   * Moves credits for an approved refund, chargeback or chargeback reversal, once per adjustment
   * (several notifications report one). The credits follow the money: the share of the purchase's
   * credits equal to the adjusted share of what was paid, and all that is left when the
   * adjustment is full or brings what was taken back to the amount paid. A reversal gives back
   * at most what chargebacks took — never what refunds took.
   */
  private async adjust(
    tx: NotificationTransaction,
    purchase: PurchaseEntity,
    ev: PaymentEventEntity,
    entries: LedgerEntryEntity[],
  ): Promise<PaymentEventStatus> {
    if (ev.adjustmentId && (await tx.adjustmentApplied(ev.adjustmentId))) return 'duplicate';
    const paid = purchase.paidMinor ?? purchase.amountMinor;
    const amount = Math.min(ev.amountMinor ?? 0, paid);
    const share = paid > 0 ? Number((BigInt(purchase.creditsMicros) * BigInt(amount)) / BigInt(paid)) : 0;
    const remaining = purchase.creditsMicros - purchase.creditsReversedMicros;
    let credits: number;
    let kind: LedgerKind;
    if (ev.action === 'chargeback_reverse') {
      credits = ev.fullAmount ? purchase.creditsChargedBackMicros : Math.min(purchase.creditsChargedBackMicros, share);
      kind = 'reversal';
      purchase.creditsChargedBackMicros -= credits;
      purchase.creditsReversedMicros -= credits;
      purchase.refundedMinor = Math.max(0, purchase.refundedMinor - amount);
    } else {
      const takenBack = purchase.refundedMinor + amount;
      credits = ev.fullAmount || takenBack >= paid ? remaining : Math.min(remaining, share);
      kind = ev.action === 'chargeback' ? 'chargeback' : 'refund';
      purchase.creditsReversedMicros += credits;
      if (kind === 'chargeback') purchase.creditsChargedBackMicros += credits;
      purchase.refundedMinor = Math.min(takenBack, paid);
    }
    purchase.status = statusOf(purchase, kind === 'chargeback');
    purchase.updatedAt = this.clock.now();
    if (credits === 0) return 'applied';
    const signed = kind === 'reversal' ? credits : -credits;
    // A chargeback after the credits were spent may take the balance below zero: the money is gone.
    const reference = `${purchase.processor}-adjustment:${ev.adjustmentId}`;
    entries.push(
      await tx.appendLedger(
        this.entry(
          purchase,
          kind,
          signed,
          reference,
          `${kind} of ${purchase.packName} (${purchase.processorTransactionId}, ${ev.adjustmentId})`,
        ),
        this.clock.now(),
      ),
    );
    return 'applied';
  }

  private entry(purchase: PurchaseEntity, kind: LedgerKind, amountMicros: number, reference: string, reason: string) {
    return {
      id: randomUUID(),
      accountId: purchase.accountId,
      kind,
      amountMicros,
      reference,
      fingerprint: sha256Hex(reference),
      reason: reason.slice(0, 500),
      actor: `processor:${purchase.processor}`,
      createdAt: this.clock.now(),
    };
  }

  private eventRow(event: PaymentEvent): PaymentEventEntity {
    const adjustment = event.kind === 'adjustment' ? (event as AdjustmentEvent) : null;
    return {
      eventId: event.eventId,
      processor: this.processor.name,
      type: event.type.slice(0, 64),
      transactionId: event.transactionId,
      adjustmentId: adjustment?.adjustmentId ?? null,
      action: adjustment?.action ?? null,
      amountMinor: adjustment?.amountMinor ?? null,
      fullAmount: adjustment?.full ?? false,
      status: 'ignored',
      occurredAt: event.occurredAt,
      receivedAt: this.clock.now(),
    };
  }

  /** An operator's full refund: asked of the processor; the credits go when it confirms. */
  async requestRefund(purchaseId: string, reason: string): Promise<PurchaseEntity> {
    if (!this.processor.canCharge) throw new PaymentsUnavailableError();
    const purchase = await this.payments.findPurchase(purchaseId);
    if (!purchase) throw new PurchaseNotFoundError();
    // A full refund only: partial refunds and disputes are handled in the processor's dashboard.
    if (purchase.status !== 'completed')
      throw new RefundNotAllowedError(
        `A ${purchase.status.replace('_', ' ')} purchase cannot be refunded in full from here.`,
      );
    const now = this.clock.now();
    if (!(await this.payments.markRefundRequested(purchase.id, now)))
      throw new RefundNotAllowedError('A refund of this purchase was already requested.');
    let adjustmentId: string;
    try {
      ({ adjustmentId } = await this.processor.requestRefund(purchase.processorTransactionId, reason));
    } catch (err) {
      // Nothing was asked of the processor: the refund can be requested again.
      await this.payments.setRefundAdjustment(purchase.id, null, null);
      throw err;
    }
    await this.payments.setRefundAdjustment(purchase.id, adjustmentId, now);
    this.logger.log(`refund ${adjustmentId} requested for purchase ${purchase.id}`);
    return { ...purchase, refundRequestedAt: now, refundAdjustmentId: adjustmentId };
  }

  purchases(accountId: string, limit: number, after?: string): Promise<PurchaseEntity[]> {
    return this.payments.purchases(accountId, Math.min(Math.max(limit, 1), 100), after);
  }

  /** The owner's purchase (another account's id is not found). */
  async ownPurchase(accountId: string, purchaseId: string): Promise<PurchaseEntity> {
    const purchase = await this.payments.findPurchase(purchaseId);
    if (!purchase || purchase.accountId !== accountId) throw new PurchaseNotFoundError();
    return purchase;
  }

  async findPurchase(purchaseId: string): Promise<PurchaseEntity> {
    const purchase = await this.payments.findPurchase(purchaseId);
    if (!purchase) throw new PurchaseNotFoundError();
    return purchase;
  }

  invoiceUrl(purchase: PurchaseEntity): Promise<string | null> {
    if (purchase.status === 'pending' || !this.processor.canCharge) return Promise.resolve(null);
    return this.processor.invoiceUrl(purchase.processorTransactionId);
  }
}

/** A completed purchase's state from what was taken back: chargebacks first, then refunds. */
function statusOf(p: PurchaseEntity, chargedBackNow: boolean): PurchaseStatus {
  if (p.creditsChargedBackMicros > 0 || chargedBackNow) return 'charged_back';
  const refunded = p.creditsReversedMicros;
  if (refunded <= 0) return 'completed';
  return refunded >= p.creditsMicros ? 'refunded' : 'partially_refunded';
}
