import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Clock } from '@vipcloud/platform';
import { InjectNotificationsConfig, NotificationsConfig } from '../notifications.config';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { MailDeliveryError } from './mailer.errors';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface Sender {
  send(message: SendMailOptions): Promise<string>;
  close(): void;
}

/**
 * Sends email over SMTP when SMTP_URL is set; otherwise (the embedded default) writes each
 * message as an .eml file to DATA_DIR/outbox, so a fresh clone can see what it would send.
 * Logs message ids only: never a recipient, subject or body.
 */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly sender: Sender;

  constructor(
    config: AppConfig,
    @InjectNotificationsConfig() private readonly settings: NotificationsConfig,
    private readonly clock: Clock,
  ) {
    this.sender = settings.smtpUrl
      ? this.smtpSender(settings.smtpUrl)
      : this.outboxSender(join(config.dataDir, 'outbox'));
  }

  /** Sends one message and returns its Message-ID. */
  async send(email: OutgoingEmail): Promise<string> {
    let messageId: string;
    try {
      messageId = await this.sender.send({
        from: this.settings.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    } catch (err) {
      throw MailDeliveryError.from(err);
    }
    this.logger.log(`sent message ${messageId}`);
    return messageId;
  }

  private smtpSender(url: string): Sender {
    const transport = createTransport(url);
    return {
      send: async (message) => (await transport.sendMail(message)).messageId,
      close: () => transport.close(),
    };
  }

  private outboxSender(dir: string): Sender {
    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    return {
      send: async (message) => {
        const info = await transport.sendMail(message);
        if (!Buffer.isBuffer(info.message)) throw new MailDeliveryError('EOUTBOX', null, false);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // Time first so a directory listing is in sending order; the random part keeps names unique.
        const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
        // A message holds an address and account details: readable by the service's own user only.
        await writeFile(join(dir, `${stamp}-${randomBytes(6).toString('hex')}.eml`), info.message, {
          mode: 0o600,
          flag: 'wx',
        });
        return info.messageId;
      },
      close: () => transport.close(),
    };
  }

  onApplicationShutdown(): void {
    this.sender.close();
  }
}
