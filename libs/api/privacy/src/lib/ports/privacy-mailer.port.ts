/**
 * The emails privacy sends. Notifications implements this port (it imports privacy; privacy may not
 * import it, since notifications imports accounts, which imports privacy). Each method queues one
 * email and returns; the email job looks up the account's address and language when it is sent.
 */
export abstract class PrivacyMailer {
  /** The data export the account asked for can be downloaded from the portal until `expiresAt`. */
  abstract exportReady(accountId: string, exportId: string, expiresAt: Date): Promise<void>;
  /** Sent to the NEW address: a link that confirms it (the old address stays until it is followed). */
  abstract confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void>;
  /** The account was closed: it is deleted on `deleteAfter` unless its owner signs in before then. */
  abstract accountClosing(accountId: string, deleteAfter: Date): Promise<void>;
}
