import type { LegalDocumentId } from '@vipcloud/contracts';

/**
 * The ports through which announcements reach accounts and email. Legal sits below accounts and
 * notifications: accounts imports it (sign-up records the current Terms version, `me` asks for
 * acceptance) and notifications renders the announcement from the manifest, while notifications
 * already imports accounts. Were legal to import either, the libs would form a cycle; instead it
 * declares what it needs here and the libs that own the data implement it (see LegalModule.forRoot).
 */
export abstract class LegalAudience {
  /**
   * Ids of the accounts an announcement goes to — active (neither suspended nor closed), with an
   * email address, created before `createdBefore` — greater than `afterId` in id order, at most `limit`.
   */
  abstract recipients(createdBefore: Date, afterId: string | null, limit: number): Promise<string[]>;
}

/** What one announcement email is about: ids only, the rest is looked up when it is sent. */
export interface LegalAnnouncementNotice {
  accountId: string;
  document: LegalDocumentId;
  version: string;
}

export abstract class LegalAnnouncementMailer {
  /**
   * Queues one announcement email: the same notice in the same `round` is queued once however often
   * it is called; a later round queues it again (its earlier job was lost). The email job asks
   * LegalAnnouncementReceipts whether it was sent already, and records it once sent.
   */
  abstract announce(notice: LegalAnnouncementNotice, round: number): Promise<void>;
}
