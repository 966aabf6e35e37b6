/**
 * An instant as the export and the access view show it: ISO 8601 in UTC, the same text in JSON and
 * CSV whichever database the row came from (null when the instant is not set).
 */
export function isoTime(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}
