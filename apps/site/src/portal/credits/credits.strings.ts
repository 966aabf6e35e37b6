/** The credits page's words (and the words for purchases and ledger entries the other money pages share). */
import { defineStrings } from '../lib/portal-locale';

export const creditsText = defineStrings(
  {
    loading: 'Loading your credits…',
    'balance.heading': 'Balance',
    'balance.total': 'Total',
    'balance.available': 'Available',
    'balance.held': 'Reserved for requests',
    'alert.heading': 'Low-balance alert',
    'alert.current': 'We email you when your available credits fall below {amount}.',
    'alert.off': 'The alert is off.',
    'alert.label': 'Alert me below (US dollars)',
    'alert.hint': 'An amount such as 5 or 2.50, at most 6 decimal places. Leave empty to turn the alert off.',
    'alert.invalid':
      'Enter an amount in US dollars such as 5 or 2.50, with at most 6 decimal places, or leave it empty.',
    'alert.save': 'Save alert',
    'alert.saving': 'Saving…',
    'alert.saved': 'Saved. We will email you when your available credits fall below {amount}.',
    'alert.turnedOff': 'Saved. The low-balance alert is off.',
    'packs.heading': 'Buy credits',
    'packs.unavailable': 'Buying credits is not available on this server.',
    'packs.none': 'No credit packs are on sale right now.',
    'packs.credits': '{amount} of credits',
    'packs.tax': 'Tax may be added at checkout.',
    'packs.buy': 'Buy',
    'packs.buyLabel': 'Buy {name}',
    'purchases.heading': 'Purchases',
    'purchases.region': 'Your purchases',
    'purchases.none': 'You have not bought any credits yet.',
    'purchases.date': 'Date',
    'purchases.pack': 'Pack',
    'purchases.credits': 'Credits',
    'purchases.amount': 'Price',
    'purchases.paid': 'paid {amount} with tax',
    'purchases.status': 'Status',
    'purchases.receipt': 'Receipt',
    'purchases.receiptLink': 'Receipt',
    'purchases.receiptLabel': 'Receipt {number}',
    'purchases.reversed': '{amount} taken back',
    'ledger.heading': 'Credit history',
    'ledger.region': 'Your credit history',
    'ledger.none': 'No changes to your credits yet.',
    'ledger.date': 'Date',
    'ledger.kind': 'Kind',
    'ledger.amount': 'Amount',
    'ledger.balanceAfter': 'Balance after',
    'ledger.reason': 'Details',
    'more.purchases': 'Show more purchases',
    'more.ledger': 'Show more history',
    'more.loading': 'Loading…',
    notApplicable: '—',
    'status.pending': 'Awaiting payment',
    'status.completed': 'Paid',
    'status.partially_refunded': 'Partly refunded',
    'status.refunded': 'Refunded',
    'status.charged_back': 'Charged back',
    'kind.purchase': 'Purchase',
    'kind.usage': 'Usage',
    'kind.refund': 'Refund',
    'kind.adjustment': 'Adjustment',
    'kind.chargeback': 'Chargeback',
    'kind.reversal': 'Reversal',
  },
  {
    loading: '正在加载您的额度…',
    'balance.heading': '余额',
    'balance.total': '总额',
    'balance.available': '可用',
    'balance.held': '为请求预留',
    'alert.heading': '余额不足提醒',
    'alert.current': '可用额度低于 {amount} 时，我们会发邮件提醒您。',
    'alert.off': '提醒已关闭。',
    'alert.label': '低于此金额时提醒我（美元）',
    'alert.hint': '例如 5 或 2.50，最多 6 位小数。留空即关闭提醒。',
    'alert.invalid': '请输入美元金额，例如 5 或 2.50，最多 6 位小数；或留空。',
    'alert.save': '保存提醒',
    'alert.saving': '正在保存…',
    'alert.saved': '已保存。可用额度低于 {amount} 时，我们会发邮件提醒您。',
    'alert.turnedOff': '已保存。余额不足提醒已关闭。',
    'packs.heading': '购买额度',
    'packs.unavailable': '此服务器不提供额度购买。',
    'packs.none': '目前没有在售的额度包。',
    'packs.credits': '{amount} 额度',
    'packs.tax': '结账时可能另加税费。',
    'packs.buy': '购买',
    'packs.buyLabel': '购买 {name}',
    'purchases.heading': '购买记录',
    'purchases.region': '您的购买记录',
    'purchases.none': '您还没有购买过额度。',
    'purchases.date': '日期',
    'purchases.pack': '额度包',
    'purchases.credits': '额度',
    'purchases.amount': '价格',
    'purchases.paid': '含税实付 {amount}',
    'purchases.status': '状态',
    'purchases.receipt': '收据',
    'purchases.receiptLink': '收据',
    'purchases.receiptLabel': '收据 {number}',
    'purchases.reversed': '已扣回 {amount}',
    'ledger.heading': '额度明细',
    'ledger.region': '您的额度明细',
    'ledger.none': '您的额度还没有任何变动。',
    'ledger.date': '日期',
    'ledger.kind': '类型',
    'ledger.amount': '金额',
    'ledger.balanceAfter': '变动后余额',
    'ledger.reason': '说明',
    'more.purchases': '显示更多购买记录',
    'more.ledger': '显示更多明细',
    'more.loading': '正在加载…',
    notApplicable: '—',
    'status.pending': '待付款',
    'status.completed': '已付款',
    'status.partially_refunded': '部分退款',
    'status.refunded': '已退款',
    'status.charged_back': '已拒付',
    'kind.purchase': '购买',
    'kind.usage': '使用',
    'kind.refund': '退款',
    'kind.adjustment': '调整',
    'kind.chargeback': '拒付',
    'kind.reversal': '冲正',
  },
);

type CreditsKey = Parameters<typeof creditsText>[1];

const PURCHASE_STATUSES = ['pending', 'completed', 'partially_refunded', 'refunded', 'charged_back'] as const;
const LEDGER_KINDS = ['purchase', 'usage', 'refund', 'adjustment', 'chargeback', 'reversal'] as const;

/** A purchase's status in words; a status this page does not know yet is shown as the API names it. */
export function purchaseStatusText(locale: Parameters<typeof creditsText>[0], status: string): string {
  const known = PURCHASE_STATUSES.find((s) => s === status);
  return known ? creditsText(locale, `status.${known}` satisfies CreditsKey) : status;
}

export function ledgerKindText(locale: Parameters<typeof creditsText>[0], kind: string): string {
  const known = LEDGER_KINDS.find((k) => k === kind);
  return known ? creditsText(locale, `kind.${known}` satisfies CreditsKey) : kind;
}

/** Whether a purchase has a receipt: every one that was paid, whatever happened afterwards. */
export function hasReceipt(status: string): boolean {
  return status !== 'pending';
}
