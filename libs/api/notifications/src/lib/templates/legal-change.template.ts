import { htmlEmail, textEmail } from './email-layout';
import type { RenderedEmail } from './email-template.types';
import { escapeHtml } from './html.util';

export interface LegalChangeTemplateInput {
  document: 'privacy' | 'terms';
  version: string;
  effective: string;
  /** What changed, one or two sentences, from the manifest. */
  summary: string;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

const NAMES = { privacy: 'Privacy Policy', terms: 'Terms of Service' } as const;
const FOOTER = 'You receive this message because it concerns the terms of your VIPCloud account.';

/** The announcement of a material new version of a legal document, with a link to what changed. */
export function renderLegalChange({
  document,
  version,
  effective,
  summary,
  publicUrl,
}: LegalChangeTemplateInput): RenderedEmail {
  const name = NAMES[document];
  const changesUrl = `${publicUrl}/legal/${document}/${version}/changes`;
  const subject = `We have updated our ${name}`;
  const published = `We have published a new version of the VIPCloud ${name} (version ${version}), in effect since ${effective}.`;
  const action =
    document === 'terms'
      ? 'The next time you sign in to the portal you will be asked to accept them. Your API keys keep working.'
      : 'You do not need to do anything.';
  const text = textEmail([published, `What changed: ${summary}`, `Read the changes: ${changesUrl}`, action], FOOTER);
  const url = escapeHtml(changesUrl);
  const html = htmlEmail(
    subject,
    [
      escapeHtml(published),
      `<strong>What changed:</strong> ${escapeHtml(summary)}`,
      `<a href="${url}">Read the changes</a><br>${url}`,
      escapeHtml(action),
    ],
    FOOTER,
  );
  return { subject, text, html };
}
