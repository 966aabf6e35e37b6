/**
 * What privacy needs to know of accounts, implemented by accounts (privacy sits below it): linking a
 * rights request that arrived by email to the account with that address, and showing support whose
 * request it is.
 */
export abstract class AccountLookup {
  /** The account whose email is `email` (compared as accounts stores it: trimmed, lower case), or null. */
  abstract idByEmail(email: string): Promise<string | null>;
  /** The email of each of these accounts that still exists. */
  abstract emailsOf(accountIds: string[]): Promise<Map<string, string>>;
}
