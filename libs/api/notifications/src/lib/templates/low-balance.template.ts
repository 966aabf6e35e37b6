import { htmlEmail, textEmail } from './email-layout';
import type { RenderedEmail } from './email-template.types';
import { escapeHtml } from './html.util';
import { formatUsd } from './money.format';

export interface LowBalanceTemplateInput {
  balanceMicros: number;
  thresholdMicros: number;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

const FOOTER = "You receive this message because it concerns your account's billing.";

/** The warning sent when an account's credit balance falls below its threshold. */
export function renderLowBalance({
  balanceMicros,
  thresholdMicros,
  publicUrl,
}: LowBalanceTemplateInput): RenderedEmail {
  const balance = formatUsd(balanceMicros);
  const threshold = formatUsd(thresholdMicros);
  // The portal's credits page, at its canonical address (no trailing slash).
  const billingUrl = `${publicUrl}/portal/credits`;
  const subject = `Your VIPCloud balance is below ${threshold}`;
  const text = textEmail(
    [
      `Your VIPCloud credit balance is now ${balance}, below ${threshold}.\n` +
        'When it runs out, API requests are refused (HTTP 402, insufficient_quota) until you add credits.',
      `Add credits or review your usage: ${billingUrl}`,
    ],
    FOOTER,
  );
  const url = escapeHtml(billingUrl);
  const html = htmlEmail(
    subject,
    [
      `Your VIPCloud credit balance is now <strong>${escapeHtml(balance)}</strong>, below ${escapeHtml(threshold)}.`,
      'When it runs out, API requests are refused (HTTP 402, <code>insufficient_quota</code>) until you add credits.',
      `<a href="${url}">Add credits or review your usage</a><br>${url}`,
    ],
    FOOTER,
  );
  return { subject, text, html };
}
