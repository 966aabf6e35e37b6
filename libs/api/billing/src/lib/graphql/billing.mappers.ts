import type { CreditPackEntity } from '../entities/credit-pack.entity';
import type { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import type { PurchaseEntity } from '../entities/purchase.entity';
import { formatAmount } from '../money';
import { formatPrice } from '../packs/credit-packs.service';
import type {
  CreditBalanceModel,
  CreditPackModel,
  LedgerEntryModel,
  PurchaseModel,
  ReceiptModel,
} from './billing.models';

/** A short, stable number printed on the receipt: the purchase date and the start of its id. */
export function receiptNumber(p: PurchaseEntity): string {
  const day = p.createdAt.toISOString().slice(0, 10).replace(/-/g, '');
  return `VC-${day}-${p.id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export function toBalanceModel(balance: number, held: number): CreditBalanceModel {
  return { balance: formatAmount(balance), held: formatAmount(held), available: formatAmount(balance - held) };
}

export function toLedgerEntryModel(e: LedgerEntryEntity): LedgerEntryModel {
  return {
    id: e.id,
    kind: e.kind,
    amount: formatAmount(e.amountMicros),
    balanceAfter: formatAmount(e.balanceAfterMicros),
    reason: e.reason,
    priceSnapshot: e.priceSnapshot ?? null,
    createdAt: e.createdAt,
  };
}

export function toPackModel(p: CreditPackEntity): CreditPackModel {
  return {
    id: p.id,
    name: p.name,
    credits: formatAmount(p.creditsMicros),
    price: formatPrice(p.priceMinor),
    currency: p.currency,
    active: p.active,
    sortOrder: p.sortOrder,
  };
}

export function toPurchaseModel(p: PurchaseEntity): PurchaseModel {
  return {
    id: p.id,
    packName: p.packName,
    credits: formatAmount(p.creditsMicros),
    amount: formatPrice(p.amountMinor),
    paid: p.paidMinor === null ? undefined : formatPrice(p.paidMinor),
    currency: p.currency,
    status: p.status,
    creditsReversed: formatAmount(p.creditsReversedMicros),
    receiptNumber: receiptNumber(p),
    createdAt: p.createdAt,
    completedAt: p.completedAt,
    refundRequestedAt: p.refundRequestedAt,
  };
}

export function toReceiptModel(p: PurchaseEntity, invoiceUrl: string | null): ReceiptModel {
  const total = p.paidMinor ?? p.amountMinor;
  const tax = p.taxMinor ?? 0;
  return {
    number: receiptNumber(p),
    issuedAt: p.completedAt ?? p.createdAt,
    seller: p.processor === 'paddle' ? 'Paddle.com (merchant of record) on behalf of VIPCloud' : 'VIPCloud',
    description: `VIPCloud credits: ${p.packName}`,
    credits: formatAmount(p.creditsMicros),
    subtotal: formatPrice(total - tax),
    tax: formatPrice(tax),
    total: formatPrice(total),
    currency: p.currency,
    paymentProcessor: p.processor,
    processorTransactionId: p.processorTransactionId,
    status: p.status,
    invoiceUrl,
  };
}

/** Pages ask for 1 to 100 rows. */
export function pageSize(first: number): number {
  return Math.min(Math.max(first, 1), 100);
}

/** A full page may have more after it: its last row's id is the cursor; a short page is the last. */
export function nextCursor(rows: ReadonlyArray<{ id: string }>, limit: number): string | null {
  return rows.length === limit ? rows[rows.length - 1].id : null;
}
