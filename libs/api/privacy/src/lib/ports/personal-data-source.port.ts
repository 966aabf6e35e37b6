/**
 * The port through which each feature lib tells privacy what it holds about a person. Privacy
 * sits below the features (they import this file; privacy imports none of them), so the rights
 * (access, export, erasure) reach every lib's data without an import cycle: a lib lists a provider
 * that extends `PersonalDataSource` in its own module and the registry finds it (see
 * PersonalDataRegistry).
 */

/** The groups of the privacy policy's "What we collect" table, in the order the portal shows them. */
export const PERSONAL_DATA_CATEGORIES = [
  'identity',
  'authentication',
  'sessions',
  'requestMetadata',
  'billing',
  'abuse',
  'consents',
  'rightsRequests',
  'debugCaptures',
  'exports',
] as const;
export type PersonalDataCategory = (typeof PERSONAL_DATA_CATEGORIES)[number];

/** One exported or listed record: flat scalar fields, never a secret (hash, token, ciphertext). */
export type PersonalDataRow = Readonly<Record<string, string | number | boolean | null>>;

export interface PersonalDataSummary {
  /** How many records of this kind the account has. */
  count: number;
  /** The newest few (at most `limit` asked for), newest first. */
  newest: PersonalDataRow[];
}

/** One file of an export: `name` is the file's name inside the ZIP (`sessions.csv`, `profile.json`). */
export interface PersonalDataFile {
  name: string;
  /** A sentence for the ZIP's README: what the file holds, one record per row or object. */
  description: string;
  format: 'json' | 'csv';
  rows: PersonalDataRow[];
}

export abstract class PersonalDataSource {
  /** Stable id of this kind of data, `<lib>.<kind>` (`accounts.sessions`, `gateway.request-metadata`). */
  abstract readonly kind: string;
  abstract readonly category: PersonalDataCategory;
  /**
   * When an account is erased, sources run in ascending order: billing pseudonymises before the
   * account's own profile row goes (which runs last, at 100). Default 50.
   */
  readonly eraseOrder: number = 50;

  abstract summarize(accountId: string, limit: number): Promise<PersonalDataSummary>;
  abstract export(accountId: string): Promise<PersonalDataFile[]>;
  /**
   * Removes what this source holds about the account (deletes it, or for billing records
   * pseudonymises it); idempotent, so a crashed erasure can run again. Returns how many records.
   */
  abstract erase(accountId: string): Promise<number>;

  /**
   * Why the account cannot be erased yet, or null when it can: work in flight that would write about
   * it after the erasure (billing: a request still holding credits settles later). Asked of every
   * source before any erases, so an erasure runs whole or not at all. Default: never in the way.
   */
  erasureBlockedBy(_accountId: string): Promise<string | null> {
    return Promise.resolve(null);
  }
}
