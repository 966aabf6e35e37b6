import { PrivacyMailer } from '@vipcloud/privacy';
import type { HasApp } from './factories';

export type PrivacyMailCall =
  | { kind: 'accountClosing'; accountId: string; deleteAfter: Date }
  | { kind: 'confirmEmailChange'; accountId: string; newEmail: string; confirmUrl: string };

/** What the application asked privacy's mailer to send (the emails themselves are notifications' to test). */
export interface PrivacyMailRecord {
  calls: PrivacyMailCall[];
}

/** Records every accountClosing and confirmEmailChange asked of `stack`'s PrivacyMailer from now on; they are still sent. */
export function recordPrivacyMail(stack: HasApp): PrivacyMailRecord {
  const record: PrivacyMailRecord = { calls: [] };
  const mailer = stack.app.get(PrivacyMailer);
  const closing = mailer.accountClosing.bind(mailer);
  const confirm = mailer.confirmEmailChange.bind(mailer);
  jest.spyOn(mailer, 'accountClosing').mockImplementation(async (accountId, deleteAfter) => {
    record.calls.push({ kind: 'accountClosing', accountId, deleteAfter });
    await closing(accountId, deleteAfter);
  });
  jest.spyOn(mailer, 'confirmEmailChange').mockImplementation(async (accountId, newEmail, confirmUrl) => {
    record.calls.push({ kind: 'confirmEmailChange', accountId, newEmail, confirmUrl });
    await confirm(accountId, newEmail, confirmUrl);
  });
  return record;
}
