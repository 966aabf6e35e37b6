import { escapeHtml } from './html.util';

/**
 * The frame every email shares: a greeting, the template's paragraphs (already escaped HTML), and a
 * footer saying why the message was sent. Inline styles only: mail clients drop stylesheets.
 */
export function htmlEmail(subject: string, paragraphs: string[], footer: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #111;">',
    '<p>Hello,</p>',
    ...paragraphs.map((p) => `<p>${p}</p>`),
    `<p style="color: #555; font-size: 0.9em;">${escapeHtml(footer)}<br>— VIPCloud</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The plain-text part in the same frame: one paragraph per entry, a blank line between. */
export function textEmail(paragraphs: string[], footer: string): string {
  return ['Hello,', ...paragraphs, `${footer}\n— VIPCloud\n`].join('\n\n');
}
