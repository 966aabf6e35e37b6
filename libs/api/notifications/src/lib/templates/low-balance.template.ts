import type { RenderedEmail } from './email-template.types';
import { escapeHtml } from './html.util';
import { formatUsd } from './money.format';

export interface LowBalanceTemplateInput {
  balanceMicros: number;
  thresholdMicros: number;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

/** The warning sent when an account's credit balance falls below its threshold. */
export function renderLowBalance({
  balanceMicros,
  thresholdMicros,
  publicUrl,
}: LowBalanceTemplateInput): RenderedEmail {
  const balance = formatUsd(balanceMicros);
  const threshold = formatUsd(thresholdMicros);
  const billingUrl = `${publicUrl}/portal/billing/`;
  const subject = `Your VIPCloud balance is below ${threshold}`;
  const text = [
    'Hello,',
    '',
    `Your VIPCloud credit balance is now ${balance}, below ${threshold}.`,
    'When it runs out, API requests are refused (HTTP 402, insufficient_quota) until you add credits.',
    '',
    `Add credits or review your usage: ${billingUrl}`,
    '',
    "You receive this message because it concerns your account's billing.",
    '— VIPCloud',
    '',
  ].join('\n');
  const url = escapeHtml(billingUrl);
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #111;">',
    '<p>Hello,</p>',
    `<p>Your VIPCloud credit balance is now <strong>${escapeHtml(balance)}</strong>, below ${escapeHtml(threshold)}.</p>`,
    '<p>When it runs out, API requests are refused (HTTP 402, <code>insufficient_quota</code>) until you add credits.</p>',
    `<p><a href="${url}">Add credits or review your usage</a><br>${url}</p>`,
    '<p style="color: #555; font-size: 0.9em;">You receive this message because it concerns your account\'s billing.<br>— VIPCloud</p>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
