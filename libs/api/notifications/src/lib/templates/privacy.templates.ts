import { htmlEmail, textEmail } from './email-layout';
import type { RenderedEmail } from './email-template.types';
import { escapeHtml } from './html.util';

const FOOTER = 'You receive this message because it concerns your personal data at VIPCloud.';

/** A date as the emails state it: unambiguous in every locale, to the minute, in UTC. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface ExportReadyTemplateInput {
  expiresAt: Date;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

/** The data export the account asked for is ready; the link leads to the portal (the download needs the session). */
export function renderExportReady({ expiresAt, publicUrl }: ExportReadyTemplateInput): RenderedEmail {
  const privacyUrl = `${publicUrl}/portal/privacy`;
  const subject = 'Your VIPCloud data export is ready';
  const ready = 'The copy of your personal data you asked for is ready to download from the portal.';
  const until = `It can be downloaded until ${formatUtc(expiresAt)}; then it is deleted, and you can ask for a new one.`;
  const text = textEmail([ready, until, `Download it (you will be asked to sign in): ${privacyUrl}`], FOOTER);
  const url = escapeHtml(privacyUrl);
  const html = htmlEmail(
    subject,
    [escapeHtml(ready), escapeHtml(until), `<a href="${url}">Download it</a> (you will be asked to sign in)<br>${url}`],
    FOOTER,
  );
  return { subject, text, html };
}

export interface ConfirmEmailChangeTemplateInput {
  newEmail: string;
  /** The confirmation link, with its token. */
  confirmUrl: string;
}

/** Sent to the new address: following the link makes it the account's email. */
export function renderConfirmEmailChange({ newEmail, confirmUrl }: ConfirmEmailChangeTemplateInput): RenderedEmail {
  const subject = 'Confirm your new VIPCloud email address';
  const asked = `Someone signed in to your VIPCloud account asked to use ${newEmail} as its email address.`;
  const confirm =
    'If that was you, confirm it with the link below. Until you do, the account keeps its current address.';
  const ignore = 'If it was not you, ignore this message: nothing changes.';
  const text = textEmail([asked, confirm, `Confirm the new address: ${confirmUrl}`, ignore], FOOTER);
  const url = escapeHtml(confirmUrl);
  const html = htmlEmail(
    subject,
    [
      escapeHtml(asked),
      escapeHtml(confirm),
      `<a href="${url}">Confirm the new address</a><br>${url}`,
      escapeHtml(ignore),
    ],
    FOOTER,
  );
  return { subject, text, html };
}

export interface AccountClosingTemplateInput {
  deleteAfter: Date;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

/** The account was closed: it is deleted after the grace period unless its owner signs in. */
export function renderAccountClosing({ deleteAfter, publicUrl }: AccountClosingTemplateInput): RenderedEmail {
  const signInUrl = `${publicUrl}/portal/`;
  const subject = 'Your VIPCloud account is closed';
  const closed = 'Your VIPCloud account is closed: its API keys and sessions no longer work.';
  const deleted =
    `On ${formatUtc(deleteAfter)} its personal data will be deleted. Billing records are kept for 7 years, ` +
    'as tax law requires, without your email or name.';
  const cancel = 'Changed your mind? Sign in to the portal before then and the account is reopened as it was.';
  const text = textEmail([closed, deleted, `${cancel} ${signInUrl}`], FOOTER);
  const url = escapeHtml(signInUrl);
  const html = htmlEmail(
    subject,
    [escapeHtml(closed), escapeHtml(deleted), `${escapeHtml(cancel)}<br><a href="${url}">${url}</a>`],
    FOOTER,
  );
  return { subject, text, html };
}
