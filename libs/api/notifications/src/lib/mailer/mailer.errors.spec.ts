import { MailDeliveryError } from './mailer.errors';

describe('MailDeliveryError.from', () => {
  it('keeps the codes of a nodemailer error but none of its text', () => {
    const original = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <jane@example.com>: no such user"),
      {
        code: 'EENVELOPE',
        responseCode: 550,
        permanent: true,
        response: '550 5.1.1 <jane@example.com>: no such user',
        recipient: 'jane@example.com',
        rejected: ['jane@example.com'],
      },
    );
    const err = MailDeliveryError.from(original);
    expect(err).toMatchObject({ name: 'MailDeliveryError', code: 'EENVELOPE', responseCode: 550, permanent: true });
    expect(err.message).toBe('mail delivery failed: EENVELOPE 550');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('jane');
  });

  it('treats a failure without an SMTP reply as transient', () => {
    const err = MailDeliveryError.from(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }),
    );
    expect(err).toMatchObject({ code: 'ESOCKET', responseCode: null, permanent: false });
  });

  it('does not copy a code that is not a plain identifier', () => {
    expect(MailDeliveryError.from(Object.assign(new Error('x'), { code: 'jane@example.com' })).code).toBe('EUNKNOWN');
    expect(MailDeliveryError.from('a string').code).toBe('EUNKNOWN');
    expect(MailDeliveryError.from(null).code).toBe('EUNKNOWN');
  });

  it('passes its own errors through', () => {
    const own = new MailDeliveryError('EOUTBOX', null, false);
    expect(MailDeliveryError.from(own)).toBe(own);
  });
});
