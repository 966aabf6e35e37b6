import { formatUtc, renderAccountClosing, renderConfirmEmailChange, renderExportReady } from './privacy.templates';

const publicUrl = 'https://vipcloud.example';

describe('privacy email templates', () => {
  it('states the export expiry in UTC and links to the privacy centre', () => {
    const email = renderExportReady({ expiresAt: new Date('2026-12-05T10:15:30Z'), publicUrl });
    expect(email.subject).toBe('Your VIPCloud data export is ready');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('2026-12-05 10:15 UTC');
      expect(part).toContain('https://vipcloud.example/portal/privacy');
    }
  });

  it('sends the confirmation link, escaped in HTML, and names the new address', () => {
    const confirmUrl = 'https://vipcloud.example/account/email/confirm?token=a&b="c"';
    const email = renderConfirmEmailChange({ newEmail: 'new@example.com', confirmUrl });
    expect(email.text).toContain(confirmUrl);
    expect(email.text).toContain('new@example.com');
    expect(email.html).toContain('token=a&amp;b=&quot;c&quot;');
    expect(email.html).not.toContain('"c"');
  });

  it('says when a closed account is deleted and how to cancel', () => {
    const email = renderAccountClosing({ deleteAfter: new Date('2026-12-28T00:00:00Z'), publicUrl });
    for (const part of [email.text, email.html]) {
      expect(part).toContain('2026-12-28 00:00 UTC');
      expect(part).toContain('https://vipcloud.example/portal/');
      expect(part).toContain('7 years');
    }
  });

  it('formats a date to the minute', () => {
    expect(formatUtc(new Date('2026-01-02T03:04:59.999Z'))).toBe('2026-01-02 03:04 UTC');
  });
});
