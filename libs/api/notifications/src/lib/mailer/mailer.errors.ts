import type { NodemailerError } from 'nodemailer';

/**
 * A message could not be handed over. Carries only the transport's error code and SMTP reply
 * code: nodemailer's own errors quote recipient addresses and server replies, and a failed job's
 * error is kept in Redis.
 */
export class MailDeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly responseCode: number | null,
    /** The server refused this message for good (5xx): sending it again would be refused again. */
    readonly permanent: boolean,
  ) {
    super(`mail delivery failed: ${code}${responseCode === null ? '' : ` ${responseCode}`}`);
    this.name = 'MailDeliveryError';
  }

  /** Keeps what a retry decision and an operator need, and nothing that names a person. */
  static from(err: unknown): MailDeliveryError {
    if (err instanceof MailDeliveryError) return err;
    const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerError;
    const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(e.code) ? e.code : 'EUNKNOWN';
    const responseCode = typeof e.responseCode === 'number' && Number.isInteger(e.responseCode) ? e.responseCode : null;
    return new MailDeliveryError(code, responseCode, e.permanent === true);
  }
}
