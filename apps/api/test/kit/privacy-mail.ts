import { PrivacyMail } from '@vipcloud/accounts';
import { PrivacyMailer } from '@vipcloud/privacy';
import type { HasApp } from './factories';

export type PrivacyMailCall =
  | { kind: 'accountClosing'; accountId: string; deleteAfter: Date }
  | { kind: 'confirmEmailChange'; accountId: string; newEmail: string; confirmUrl: string }
  | { kind: 'exportReady'; accountId: string; exportId: string; expiresAt: Date };

/** A PrivacyMailer that records what it was asked to send, and sends nothing. */
export class RecordingPrivacyMailer extends PrivacyMailer {
  readonly calls: PrivacyMailCall[] = [];

  async exportReady(accountId: string, exportId: string, expiresAt: Date): Promise<void> {
    this.calls.push({ kind: 'exportReady', accountId, exportId, expiresAt });
  }

  async confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void> {
    this.calls.push({ kind: 'confirmEmailChange', accountId, newEmail, confirmUrl });
  }

  async accountClosing(accountId: string, deleteAfter: Date): Promise<void> {
    this.calls.push({ kind: 'accountClosing', accountId, deleteAfter });
  }
}

/** Accounts' privacy emails in `stack` go to a recorder from now on (the email content is notifications' to test). */
export function recordPrivacyMail(stack: HasApp): RecordingPrivacyMailer {
  const recorder = new RecordingPrivacyMailer();
  jest.spyOn(stack.app.get(PrivacyMail), 'mailer').mockReturnValue(recorder);
  return recorder;
}
