import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Mode } from '../support/gateway-harness';
import { eventually } from './polling';

export interface Received {
  mail: ParsedMail;
  /** SMTP envelope recipients (SMTP only; a file has no envelope). */
  rcptTo: string[];
}

export function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** What a mailbox reads from the app: where the outbox is, and how to let queued jobs finish. */
export interface MailSource {
  /** DATA_DIR of the app (its outbox is `outbox/` under it). */
  dataDir: string;
  settle(): Promise<void>;
}

/**
 * Every message the app sends, wherever its mode sends them: a loopback SMTP server in MariaDB +
 * Redis mode, or in either mode when asked (pass `env` to the gateway; addresses starting `bounce-`
 * are refused for good, `tempfail-` for now, every address while `refuse(true)`), `.eml` files in
 * DATA_DIR/outbox in the embedded default.
 */
export interface Mailbox {
  /** Settings for the gateway(s): SMTP_URL in MariaDB + Redis mode. */
  readonly env: Record<string, string>;
  /** RCPT TO attempts per address (SMTP only). */
  readonly rcptAttempts: Map<string, number>;
  /** While on, every recipient is refused for now (an SMTP outage; SMTP only). */
  refuse(on: boolean): void;
  /** Reads the outbox of this app (the embedded mode). */
  watch(source: MailSource): void;
  sent(): Promise<Received[]>;
  to(address: string): Promise<Received[]>;
  /** Waits (10 s unless told) for at least `count` messages to the address. */
  mailsTo(address: string, count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export interface MailboxOptions {
  /** Receive over SMTP in the embedded mode too (e.g. to refuse for a while). */
  smtp?: boolean;
}

export async function startMailbox(mode: Mode, options: MailboxOptions = {}): Promise<Mailbox> {
  const viaSmtpOnly = options.smtp ?? mode === 'mysql+redis';
  const viaSmtp: Received[] = [];
  const fromOutbox = new Map<string, Received>();
  const rcptAttempts = new Map<string, number>();
  const sources: MailSource[] = [];
  let smtp: SMTPServer | null = null;
  const env: Record<string, string> = {};
  let refusing = false;
  if (viaSmtpOnly) {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        rcptAttempts.set(address.address, (rcptAttempts.get(address.address) ?? 0) + 1);
        if (address.address.startsWith('bounce-'))
          return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
        if (address.address.startsWith('tempfail-') || refusing)
          return callback(Object.assign(new Error('try again later'), { responseCode: 450 }));
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            viaSmtp.push({ mail, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    smtp = server;
    const port = await new Promise<number>((resolve, reject) => {
      const listening = server.listen(0, '127.0.0.1', () => resolve((listening.address() as AddressInfo).port));
      listening.once('error', reject);
    });
    env['SMTP_URL'] = `smtp://127.0.0.1:${port}`;
  }

  async function sent(): Promise<Received[]> {
    if (viaSmtpOnly) return viaSmtp;
    for (const source of sources) {
      await source.settle();
      const outbox = join(source.dataDir, 'outbox');
      if (!existsSync(outbox)) continue;
      for (const name of readdirSync(outbox)) {
        const file = join(outbox, name);
        if (!fromOutbox.has(file)) fromOutbox.set(file, { mail: await simpleParser(readFileSync(file)), rcptTo: [] });
      }
    }
    return [...fromOutbox.values()];
  }

  const to = async (address: string): Promise<Received[]> =>
    (await sent()).filter((r) => addresses(r.mail.to).includes(address));

  return {
    env,
    rcptAttempts,
    refuse: (on) => {
      if (!smtp) throw new Error('refuse() needs the SMTP mailbox');
      refusing = on;
    },
    watch: (source) => void sources.push(source),
    sent,
    to,
    mailsTo: (address, count, timeoutMs = 10_000) =>
      eventually(async () => {
        const mails = await to(address);
        return mails.length >= count ? mails : null;
      }, timeoutMs),
    close: async () => {
      if (smtp) await new Promise<void>((resolve) => smtp?.close(resolve));
    },
  };
}
