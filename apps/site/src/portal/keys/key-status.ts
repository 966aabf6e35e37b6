/** What the keys page derives from a key's dates: its state, and the instant an expiry day ends. */

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: { revokedAt: string | null; expiresAt: string | null }, nowMs: number): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= nowMs) return 'expired';
  return 'active';
}

/**
 * The last millisecond of a calendar day (`YYYY-MM-DD`, as a date input gives it) in the browser's
 * time zone, as an ISO instant: "expires on the 3rd" means the key still works all of the 3rd where
 * its owner lives. Null for anything that is not such a day.
 */
export function endOfLocalDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match;
  const end = new Date(Number(y), Number(m) - 1, Number(d), 23, 59, 59, 999);
  if (end.getDate() !== Number(d)) return null;
  return end.toISOString();
}

/** Today in the browser's time zone as `YYYY-MM-DD`, the earliest a date input offers. */
export function localToday(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
