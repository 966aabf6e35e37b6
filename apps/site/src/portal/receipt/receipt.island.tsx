/** /portal/receipt?purchase=<id>: the receipt of one paid purchase, ready to print. */
import { useEffect, useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { ErrorMessage, Status } from '../components/status.component';
import { purchaseStatusText } from '../credits/credits.strings';
import { graphql } from '../graphql/generated';
import type { ReceiptViewQuery } from '../graphql/generated/graphql';
import { describeError, request } from '../graphql/graphql-client';
import { portalText } from '../i18n/portal-strings';
import { formatDate, formatMoney, formatUsd } from '../lib/format';
import { portalHref } from '../lib/portal-locale';
import { receiptText } from './receipt.strings';

const ReceiptView = graphql(`
  query ReceiptView($purchaseId: ID!) {
    receipt(purchaseId: $purchaseId) {
      seller
      number
      issuedAt
      description
      credits
      subtotal
      tax
      total
      currency
      paymentProcessor
      processorTransactionId
      status
      invoiceUrl
    }
  }
`);

/** The processor's name as people know it (the API sends its id, e.g. `paddle`). */
function processorName(id: string): string {
  return id === 'paddle' ? 'Paddle' : id;
}

export function ReceiptPage() {
  const { locale } = usePortal();
  const purchaseId = new URLSearchParams(location.search).get('purchase');
  const [receipt, setReceipt] = useState<ReceiptViewQuery['receipt'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    if (!purchaseId) return;
    setError(null);
    request(locale, ReceiptView, { purchaseId }).then(
      (data) => setReceipt(data.receipt),
      (err: unknown) => setError(describeError(locale, err)),
    );
  };
  useEffect(load, [locale, purchaseId]);

  const back = (
    <p class="receipt-back">
      <a href={portalHref(locale, '/portal/credits')}>{receiptText(locale, 'back')}</a>
    </p>
  );
  if (!purchaseId)
    return (
      <>
        <p class="note">{receiptText(locale, 'missing')}</p>
        {back}
      </>
    );
  if (error)
    return (
      <>
        <ErrorMessage message={error} retryLabel={portalText(locale, 'shell.retry')} onRetry={load} />
        {back}
      </>
    );
  if (!receipt) return <Status>{receiptText(locale, 'loading')}</Status>;

  const money = (amount: string) => formatMoney(locale, amount, receipt.currency);
  return (
    <article class="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{receiptText(locale, 'heading', { number: receipt.number })}</h2>
      <dl class="receipt-fields">
        <div>
          <dt>{receiptText(locale, 'seller')}</dt>
          <dd>{receipt.seller}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'number')}</dt>
          <dd>{receipt.number}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'issued')}</dt>
          <dd>{formatDate(locale, receipt.issuedAt)}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'description')}</dt>
          <dd>{receipt.description}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'credits')}</dt>
          <dd>{formatUsd(locale, receipt.credits)}</dd>
        </div>
      </dl>
      <dl class="receipt-sums">
        <div>
          <dt>{receiptText(locale, 'subtotal')}</dt>
          <dd>{money(receipt.subtotal)}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'tax')}</dt>
          <dd>{money(receipt.tax)}</dd>
        </div>
        <div class="total">
          <dt>{receiptText(locale, 'total')}</dt>
          <dd>{money(receipt.total)}</dd>
        </div>
      </dl>
      <dl class="receipt-fields">
        <div>
          <dt>{receiptText(locale, 'processor')}</dt>
          <dd>{processorName(receipt.paymentProcessor)}</dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'transaction')}</dt>
          <dd>
            <code>{receipt.processorTransactionId}</code>
          </dd>
        </div>
        <div>
          <dt>{receiptText(locale, 'status')}</dt>
          <dd>{purchaseStatusText(locale, receipt.status)}</dd>
        </div>
      </dl>
      <p class="receipt-merchant">{receiptText(locale, 'merchant')}</p>
      {receipt.invoiceUrl && (
        <p>
          <a href={receipt.invoiceUrl} rel="noopener noreferrer">
            {receiptText(locale, 'invoice')}
          </a>
        </p>
      )}
      <div class="receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {receiptText(locale, 'print')}
        </button>
        {back}
      </div>
    </article>
  );
}
