import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PrivacyMailer } from '@vipcloud/privacy';

/**
 * Privacy's emails, sent through whichever provider implements the PrivacyMailer port (notifications
 * does; it imports accounts, so accounts cannot import it and finds it among the application's
 * providers instead, the way privacy finds the libs' data sources).
 */
@Injectable()
export class PrivacyMail {
  private readonly logger = new Logger('PrivacyMail');
  private found: PrivacyMailer | null | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  /** The implementation, or null in a process that has none (the CLI role). */
  mailer(): PrivacyMailer | null {
    if (this.found === undefined) {
      this.found = null;
      for (const wrapper of this.discovery.getProviders()) {
        const instance: unknown = wrapper.instance;
        if (instance instanceof PrivacyMailer) {
          this.found = instance;
          break;
        }
      }
    }
    return this.found;
  }

  async accountClosing(accountId: string, deleteAfter: Date): Promise<void> {
    await this.send('accountClosing', (m) => m.accountClosing(accountId, deleteAfter));
  }

  async confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void> {
    await this.send('confirmEmailChange', (m) => m.confirmEmailChange(accountId, newEmail, confirmUrl));
  }

  private async send(what: string, work: (mailer: PrivacyMailer) => Promise<void>): Promise<void> {
    const mailer = this.mailer();
    if (!mailer) {
      this.logger.error(`no PrivacyMailer in this process: ${what} email not sent`);
      return;
    }
    await work(mailer);
  }
}
