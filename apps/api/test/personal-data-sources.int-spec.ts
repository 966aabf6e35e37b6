/**
 * What each feature lib tells privacy it holds about a person (the PersonalDataSource of accounts,
 * billing, gateway and abuse), on the real databases: the registry finds every source, in erase
 * order; a summary counts and shows the newest; an export holds every kind for its owner, nothing of
 * another account, no secret; erasure removes it all (billing records pseudonymised, sums unchanged)
 * and a second run changes nothing.
 */
import { SessionsService } from '@vipcloud/accounts';
import { PersonalDataFile, PersonalDataRegistry } from '@vipcloud/privacy';
import { AppStack, count, daysAgo, Mode, MODES, startAppContext } from './kit';
import { SeededPerson, seedPerson } from './support/personal-data-seed';

const KINDS = [
  ['billing.ledger', 'billing', 10],
  ['billing.purchases', 'billing', 10],
  ['abuse.signals', 'abuse', 50],
  ['abuse.cases', 'abuse', 50],
  ['accounts.api-keys', 'authentication', 50],
  ['accounts.identities', 'identity', 50],
  ['accounts.pending-email-change', 'identity', 50],
  ['accounts.profile-changes', 'identity', 50],
  ['accounts.sessions', 'sessions', 50],
  ['gateway.request-metadata', 'requestMetadata', 50],
  ['legal.announcements', 'consents', 50],
  ['privacy.consents', 'consents', 50],
  ['privacy.data-exports', 'exports', 50],
  ['privacy.rights-requests', 'rightsRequests', 50],
  ['privacy.debug-captures', 'debugCaptures', 50],
  ['rate-limits.overrides', 'abuse', 50],
  ['accounts.profile', 'identity', 100],
];
/** Kinds the seed gives no record (their own tests cover them): counted 0, exported as empty files. */
const UNSEEDED = new Set([
  'abuse.cases',
  'accounts.pending-email-change',
  'accounts.profile-changes',
  'legal.announcements',
  'privacy.consents',
  'privacy.data-exports',
  'privacy.rights-requests',
  'privacy.debug-captures',
]);

async function exportOf(stack: AppStack, accountId: string): Promise<Map<string, PersonalDataFile>> {
  const files = new Map<string, PersonalDataFile>();
  for (const source of stack.app.get(PersonalDataRegistry).sources())
    for (const file of await source.export(accountId)) files.set(file.name, file);
  return files;
}

describe.each(MODES)('personal data sources (%s)', (mode: Mode) => {
  let stack: AppStack;
  let a: SeededPerson;
  let b: SeededPerson;

  beforeAll(async () => {
    stack = await startAppContext(mode);
    a = await seedPerson(stack, 'alice');
    b = await seedPerson(stack, 'bob');
  });
  afterAll(() => stack?.close());

  it('finds every lib’s source, billing first and the profile last', () => {
    const sources = stack.app.get(PersonalDataRegistry).sources();
    const found = sources.map((s) => [s.kind, s.category, s.eraseOrder]);
    // Other libs (consents, rights requests, legal) contribute theirs too.
    expect(found).toEqual(expect.arrayContaining(KINDS));
    expect(sources[sources.length - 1].kind).toBe('accounts.profile');
    expect(sources.slice(0, 2).map((s) => s.kind)).toEqual(['billing.ledger', 'billing.purchases']);
  });

  it('exports every kind for its owner, without secrets, and nothing of another account', async () => {
    const files = await exportOf(stack, a.accountId);
    expect([...files.keys()].sort()).toEqual([
      'abuse-decisions.csv',
      'abuse-signals.csv',
      'api-keys.csv',
      'consents.csv',
      'data-exports.csv',
      'debug-captures.json',
      'identities.csv',
      'ledger.csv',
      'legal-announcements.csv',
      'pending-email-change.csv',
      'profile-changes.csv',
      'profile.json',
      'purchases.csv',
      'rate-limits.json',
      'request-metadata.csv',
      'rights-requests.csv',
      'sessions.csv',
    ]);
    for (const file of files.values()) expect(file.description.length).toBeGreaterThan(20);
    const rows = (name: string) => files.get(name)?.rows ?? [];
    expect(rows('profile.json')).toEqual([
      expect.objectContaining({
        id: a.accountId,
        email: a.email,
        displayName: a.displayName,
        termsVersion: '2026-11-28',
        adultConfirmedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    expect(rows('identities.csv')).toEqual([
      { id: expect.any(String), provider: 'github', subject: a.identitySubject, createdAt: expect.any(String) },
    ]);
    expect(rows('api-keys.csv')).toEqual([
      expect.objectContaining({ id: a.keyId, name: a.keyName, allowedModels: 'deepseek-flash kimi-k3' }),
    ]);
    expect(rows('sessions.csv')).toEqual([
      expect.objectContaining({ id: a.sessionId, userAgent: a.sessionUserAgent, clientIp: '198.51.100.0' }),
    ]);
    expect(rows('ledger.csv')).toEqual([
      expect.objectContaining({ id: a.ledgerEntryId, amountMicros: 5_000_000, actor: 'operator' }),
    ]);
    expect(rows('purchases.csv')).toEqual([
      expect.objectContaining({ id: a.purchaseId, processorTransactionId: a.processorTransactionId, paidMinor: 1199 }),
    ]);
    // Within retention only: the 40-day-old row the purge has not reached yet is not shown.
    expect(rows('request-metadata.csv').map((r) => r['id'])).toEqual([a.requestId]);
    expect(rows('abuse-signals.csv')).toEqual([
      expect.objectContaining({ requestId: a.signalRequestId, stage: 'input', upstreamCode: 'content_filter' }),
    ]);
    const text = JSON.stringify([...files.values()]);
    for (const value of a.identifiers) expect(text).toContain(value);
    for (const value of [...a.neverExported, ...b.identifiers, ...b.neverExported]) expect(text).not.toContain(value);
  });

  it('summarises each kind: its count and the newest first', async () => {
    const registry = stack.app.get(PersonalDataRegistry);
    const counts: Record<string, number> = {};
    for (const source of registry.sources()) {
      const summary = await source.summarize(a.accountId, 5);
      counts[source.kind] = summary.count;
      expect(summary.newest).toHaveLength(Math.min(summary.count, 5));
      expect(JSON.stringify(summary.newest)).not.toContain(b.accountId);
    }
    expect(counts).toEqual(Object.fromEntries(KINDS.map(([kind]) => [kind, UNSEEDED.has(kind as string) ? 0 : 1])));
    // Newest first, and no more than asked for.
    const sessions = registry.sources().find((s) => s.kind === 'accounts.sessions');
    // A day later by the clock: MySQL keeps whole seconds, and a tie would be broken by id.
    const later = await daysAgo(stack, -1, () => stack.app.get(SessionsService).start(a.accountId, {}));
    const summary = await sessions?.summarize(a.accountId, 1);
    expect(summary?.count).toBe(2);
    expect(summary?.newest.map((r) => r['id'])).toEqual([later.session.id]);
    expect((await sessions?.summarize(a.accountId, 0))?.newest).toEqual([]);
  });

  it('erases everything of the account, pseudonymises its billing records, and is idempotent', async () => {
    const ds = stack.dataSource;
    const sum = async (accountId: string) =>
      count(ds, 'SELECT COALESCE(SUM(amount_micros), 0) AS n FROM ledger_entries WHERE account_id = ?', [accountId]);
    const ledgerBefore = await sum(a.accountId);
    const totalBefore = await count(ds, 'SELECT SUM(amount_micros) AS n FROM ledger_entries');
    const bBefore = JSON.stringify(await exportOf(stack, b.accountId));

    const erased = await stack.app.get(PersonalDataRegistry).eraseAll(a.accountId);
    expect(erased.get('accounts.profile')).toBe(1);
    expect(erased.get('billing.ledger')).toBe(1);
    expect(erased.get('gateway.request-metadata')).toBe(2);

    for (const [table, column] of [
      ['accounts', 'id'],
      ['oauth_identities', 'account_id'],
      ['api_keys', 'account_id'],
      ['sessions', 'account_id'],
      ['request_logs', 'account_id'],
      ['abuse_signals', 'account_id'],
      ['account_rate_limits', 'account_id'],
      ['abuse_cases', 'account_id'],
      ['ledger_entries', 'account_id'],
      ['purchases', 'account_id'],
      ['credit_balances', 'account_id'],
    ])
      expect(await count(ds, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [a.accountId])).toBe(0);
    // The ledger and the purchase stay, under a pseudonym; every sum is what it was.
    const [pseudonymised] = (await ds.query('SELECT account_id FROM ledger_entries WHERE id = ?', [
      a.ledgerEntryId,
    ])) as Array<{ account_id: string }>;
    expect(pseudonymised.account_id).toMatch(/^p-/);
    expect(await sum(pseudonymised.account_id)).toBe(ledgerBefore);
    expect(await count(ds, 'SELECT SUM(amount_micros) AS n FROM ledger_entries')).toBe(totalBefore);
    expect(
      await count(ds, 'SELECT COUNT(*) AS n FROM purchases WHERE id = ? AND account_id = ?', [
        a.purchaseId,
        pseudonymised.account_id,
      ]),
    ).toBe(1);
    // The other account is untouched.
    expect(JSON.stringify(await exportOf(stack, b.accountId))).toBe(bBefore);

    // A second run (a crashed erasure run again) finds nothing more.
    const again = await stack.app.get(PersonalDataRegistry).eraseAll(a.accountId);
    expect([...again.values()].every((n) => n === 0)).toBe(true);
    expect(await count(ds, 'SELECT SUM(amount_micros) AS n FROM ledger_entries')).toBe(totalBefore);
  });
});
