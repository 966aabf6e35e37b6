/**
 * The Delete right: closing an account after re-confirming stops its keys on every instance and
 * ends its sessions at once; signing in within the 30-day grace period reopens it; after it, the
 * erasure task removes everything but the billing records, pseudonymised with their sums unchanged
 * (a second run removes nothing more), and the same email can sign up again as a new account.
 * Support closes an account reported as under 18 without a grace period. With the injected clock.
 */
import { randomBytes } from 'node:crypto';
import { FakeOAuthProvider, FakeOAuthUser, startFakeOAuthProvider } from '@vipcloud/fake-oauth';
import { ClosedAccountsRetention } from '@vipcloud/accounts';
import { RequestLogRepository } from '@vipcloud/gateway';
import { RetentionScheduler } from '@vipcloud/privacy';
import request from 'supertest';
import {
  count,
  createAccount,
  createKey,
  daysAgo,
  freePort,
  fundAccount,
  Gateway,
  graphql,
  MODES,
  requestLogRow,
  signIn,
  startGateway,
} from './kit';
import { Browser, FAKE_OAUTH_CLIENTS, fakeOAuthEnv } from './kit/oauth-browser';
import { PrivacyMailRecord, recordPrivacyMail } from './kit/privacy-mail';

const DAY_MS = 24 * 3600_000;
const CLOSE = 'mutation($e: String!) { closeAccount(confirmEmail: $e) { closedAt deleteAfter } }';
const UNDERAGE = 'mutation($e: String!, $n: String!) { closeUnderageAccount(email: $e, note: $n) }';

/** Every table that names the account, and the column that does. */
const ACCOUNT_TABLES: Array<[string, string]> = [
  ['accounts', 'id'],
  ['oauth_identities', 'account_id'],
  ['api_keys', 'account_id'],
  ['sessions', 'account_id'],
  ['request_logs', 'account_id'],
  ['profile_changes', 'account_id'],
  ['pending_email_changes', 'account_id'],
  ['ledger_entries', 'account_id'],
  ['purchases', 'account_id'],
  ['credit_balances', 'account_id'],
];

describe.each(MODES)('closing an account (%s)', (mode) => {
  let idp: FakeOAuthProvider;
  let gw: Gateway;
  /** A second API instance on the same database and Redis (the same one in SQLite's single-process mode). */
  let other: Gateway;
  let mail: PrivacyMailRecord;
  let termsVersion: string;
  let people = 0;

  beforeAll(async () => {
    idp = await startFakeOAuthProvider({ clients: FAKE_OAUTH_CLIENTS });
    const port = await freePort();
    const env = {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      ...fakeOAuthEnv(idp),
    };
    gw = await startGateway(mode, env, port);
    other = gw.databaseUrl
      ? await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl, REDIS_KEY_PREFIX: gw.redisPrefix })
      : gw;
    mail = recordPrivacyMail(gw);
    termsVersion = (await new Browser().graphql(gw, '{ currentTermsVersion }')).data?.['currentTermsVersion'] as string;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await idp?.close();
  });

  interface Person {
    browser: Browser;
    user: FakeOAuthUser;
    accountId: string;
    email: string;
    key: string;
  }

  /** Signs up through GitHub (a fresh sign-in), with an API key the gateway has cached on both instances. */
  async function person(): Promise<Person> {
    const n = ++people;
    const email = `closing-${n}-${randomBytes(3).toString('hex')}@example.com`;
    const user: FakeOAuthUser = {
      subject: String(700000 + n + Math.floor(Math.random() * 1e6)),
      email,
      name: `Closing ${n}`,
      avatarUrl: `https://avatars.example/closing-${n}.png`,
      refreshToken: `refresh-${n}`,
    };
    idp.setUser('github', user);
    const browser = new Browser();
    const landed = await browser.signInWith(gw, 'github');
    expect(landed.pathname).toBe('/signup');
    const done = await browser.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id } }',
      { p: landed.searchParams.get('pending'), v: termsVersion },
    );
    const accountId = (done.data?.['completeSignUp'] as { id: string }).id;
    const key = await createKey(gw, accountId, { name: 'closing' });
    for (const instance of [gw, other]) expect(await models(instance, key)).toBe(200);
    return { browser, user, accountId, email, key };
  }

  /** The account's rights requests as the database holds them, oldest first. */
  const rightsRequests = (accountId: string): Promise<Array<{ id: string; type: string; status: string }>> =>
    gw.dataSource.query(
      'SELECT id, type, status FROM privacy_rights_requests WHERE account_id = ? ORDER BY received_at, id',
      [accountId],
    );

  const models = async (instance: Gateway, key: string): Promise<number> =>
    (await request(instance.url).get('/v1/models').set('authorization', `Bearer ${key}`)).status;

  async function close(p: Person): Promise<{ closedAt: string; deleteAfter: string }> {
    const closed = await p.browser.graphql(gw, CLOSE, { e: p.email.toUpperCase() });
    expect(closed.errors).toBeUndefined();
    return closed.data?.['closeAccount'] as { closedAt: string; deleteAfter: string };
  }

  it('closes after re-confirming: keys refused at once on every instance, every session ended', async () => {
    const p = await person();
    const laptop = await signIn(gw, p.accountId, { userAgent: 'Laptop' });

    // The typed email must be the account's.
    const mismatch = await p.browser.graphql(gw, CLOSE, { e: 'someone-else@example.com' });
    expect(mismatch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'confirm_email_mismatch' });
    // A session signed in more than 15 minutes ago must sign in again first.
    const stale = await daysAgo(gw, 16 / (24 * 60), () => signIn(gw, p.accountId));
    const refused = await graphql(gw, stale.token)(CLOSE, { e: p.email });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'reauth_required' });
    expect(await models(other, p.key)).toBe(200);

    const closure = await close(p);
    // No waiting: the very next requests, on both instances, are refused.
    expect(await Promise.all([models(gw, p.key), models(other, p.key)])).toEqual([401, 401]);
    expect(Date.parse(closure.deleteAfter) - Date.parse(closure.closedAt)).toBe(30 * DAY_MS);

    // Every session ended, this one included.
    expect((await p.browser.graphql(gw, '{ me { id } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await graphql(other, laptop.token)('{ me { id } }')).body.errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM sessions WHERE account_id = ? AND ended_at IS NULL', [
        p.accountId,
      ]),
    ).toBe(0);
    const [row] = await gw.dataSource.query('SELECT status, closed_at, delete_after FROM accounts WHERE id = ?', [
      p.accountId,
    ]);
    expect(row.status).toBe('closed');
    expect(row.closed_at).toBeTruthy();
    expect(row.delete_after).toBeTruthy();
    // A deletion request is on record, in progress until the erasure (or a sign-in) answers it.
    expect(await rightsRequests(p.accountId)).toEqual([
      { id: expect.any(String), type: 'DELETION', status: 'IN_PROGRESS' },
    ]);
    // The owner is told when the account will be erased.
    expect(mail.calls).toContainEqual({
      kind: 'accountClosing',
      accountId: p.accountId,
      deleteAfter: new Date(closure.deleteAfter),
    });
  });

  it('records one deletion request and one email when two closures race', async () => {
    const p = await person();
    const answers = await Promise.all([1, 2].map(() => p.browser.graphql(gw, CLOSE, { e: p.email })));
    // The later one either sees the closure done (same dates) or finds its session already ended.
    const done = answers.filter((a) => !a.errors).map((a) => a.data?.['closeAccount']);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(new Set(done.map((d) => JSON.stringify(d))).size).toBe(1);
    for (const a of answers.filter((x) => x.errors)) expect(a.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await rightsRequests(p.accountId)).toHaveLength(1);
    expect(mail.calls.filter((c) => c.kind === 'accountClosing' && c.accountId === p.accountId)).toHaveLength(1);
  });

  it('reopens when its owner signs in within the grace period: keys work again at once', async () => {
    const p = await person();
    await close(p);
    expect(await models(other, p.key)).toBe(401);

    // 29 days later by the clock, the owner signs in again.
    const landed = await daysAgo(gw, -29, () => p.browser.signInWith(gw, 'github'));
    expect(`${landed.pathname}${landed.search}`).toBe('/portal/?closure=cancelled');
    const [row] = await gw.dataSource.query('SELECT status, closed_at, delete_after FROM accounts WHERE id = ?', [
      p.accountId,
    ]);
    expect(row).toEqual({ status: 'active', closed_at: null, delete_after: null });
    expect(await Promise.all([models(gw, p.key), models(other, p.key)])).toEqual([200, 200]);
    expect((await p.browser.graphql(gw, '{ me { email } }')).data?.['me']).toEqual({ email: p.email });
    expect(await rightsRequests(p.accountId)).toEqual([
      { id: expect.any(String), type: 'DELETION', status: 'CANCELLED' },
    ]);

    // Reopened, it can be closed again; the erasure task leaves an open account alone.
    await daysAgo(gw, -31, () => gw.app.get(ClosedAccountsRetention).purge());
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM accounts WHERE id = ?', [p.accountId])).toBe(1);
  });

  it('erases the account after the grace period, billing pseudonymised with its sums unchanged; the email signs up anew', async () => {
    const p = await person();
    await fundAccount(gw, p.accountId, 7_000_000, 'closure');
    await gw.app.get(RequestLogRepository).insertMany([requestLogRow(p.accountId, 'key', 60, 2_500)]);
    await p.browser.graphql(gw, 'mutation { setDisplayName(name: "Soon Gone") { id } }');
    const ledger = async (accountId: string) =>
      count(gw.dataSource, 'SELECT COALESCE(SUM(amount_micros), 0) AS n FROM ledger_entries WHERE account_id = ?', [
        accountId,
      ]);
    const before = await ledger(p.accountId);
    expect(before).toBe(7_000_000);
    const entries = await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?', [
      p.accountId,
    ]);
    const totalBefore = await count(gw.dataSource, 'SELECT SUM(amount_micros) AS n FROM ledger_entries');
    await close(p);
    const [deletion] = await rightsRequests(p.accountId);
    const task = gw.app.get(ClosedAccountsRetention);
    const retention = gw.app.get(RetentionScheduler);

    // Within the grace period the task keeps it.
    await daysAgo(gw, -29, () => retention.run(task));
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM accounts WHERE id = ?', [p.accountId])).toBe(1);

    // Past it, signing in no longer reopens it; the task's next run erases it.
    const late = await daysAgo(gw, -30.05, () => p.browser.signInWith(gw, 'github'));
    expect(`${late.pathname}${late.search}`).toBe('/signin?error=account_inactive');
    const erased = await daysAgo(gw, -30.05, () => retention.run(task));
    expect(erased).toBeGreaterThan(0);
    for (const [table, column] of ACCOUNT_TABLES)
      expect([
        table,
        await count(gw.dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [p.accountId]),
      ]).toEqual([table, 0]);
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM accounts WHERE email = ?', [p.email])).toBe(0);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM oauth_identities WHERE subject = ?', [p.user.subject]),
    ).toBe(0);

    // The billing records stay under a pseudonym; the ledger's sums are what they were.
    const pseudonyms: Array<{ account_id: string }> = await gw.dataSource.query(
      "SELECT DISTINCT account_id FROM ledger_entries WHERE account_id LIKE 'p-%' AND reference = ?",
      [`adjustment:closure-${p.accountId}`],
    );
    expect(pseudonyms).toHaveLength(1);
    const pseudonym = pseudonyms[0].account_id;
    expect(await ledger(pseudonym)).toBe(before);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?', [pseudonym]),
    ).toBe(entries);
    expect(await count(gw.dataSource, 'SELECT SUM(amount_micros) AS n FROM ledger_entries')).toBe(totalBefore);

    // The deletion request stays as the record that it was answered, without the person.
    expect(
      await gw.dataSource.query('SELECT status, account_id, description FROM privacy_rights_requests WHERE id = ?', [
        deletion.id,
      ]),
    ).toEqual([{ status: 'COMPLETED', account_id: null, description: null }]);

    // A second run erases nothing more; the audit log has both runs' counts (never content).
    expect(await daysAgo(gw, -30.05, () => retention.run(task))).toBe(0);
    const audit: Array<{ deleted: number | string }> = await gw.dataSource.query(
      "SELECT deleted FROM privacy_retention_audit WHERE kind = 'accounts.closed-accounts'",
    );
    // (The scheduler's own hourly runs, if one falls within the test, add rows of 0.)
    const counts = audit.map((r) => Number(r.deleted));
    expect(counts.filter((n) => n !== 0)).toEqual([erased]);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(2);
    expect(await ledger(pseudonym)).toBe(before);

    // The same person signs up again with the same email: a new account.
    const landed = await new Browser().signInWith(gw, 'github');
    expect(landed.pathname).toBe('/signup');
    const again = new Browser();
    const fresh = await again.signInWith(gw, 'github');
    const done = await again.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id email } }',
      { p: fresh.searchParams.get('pending'), v: termsVersion },
    );
    expect(done.errors).toBeUndefined();
    const account = done.data?.['completeSignUp'] as { id: string; email: string };
    expect(account.email).toBe(p.email);
    expect(account.id).not.toBe(p.accountId);
    expect(await ledger(account.id)).toBe(0);
    // Its old key is still refused.
    expect(await models(other, p.key)).toBe(401);
  });

  it('lets support close an account reported as under 18 at once, erased without a grace period once its last request is charged', async () => {
    const p = await person();
    await fundAccount(gw, p.accountId, 1_000_000, 'closure');
    const support = await createAccount(gw, { prefix: 'support', role: 'support' });
    const supportGql = graphql(gw, (await signIn(gw, support.id)).token);
    const plain = graphql(gw, (await signIn(gw, (await createAccount(gw)).id)).token);

    expect((await plain(UNDERAGE, { e: p.email, n: 'x' })).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await supportGql(UNDERAGE, { e: 'nobody@example.com', n: 'x' })).body.errors[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const underageBefore = await count(
      gw.dataSource,
      "SELECT COUNT(*) AS n FROM privacy_rights_requests WHERE type = 'UNDERAGE_REPORT' AND status = 'COMPLETED'",
    );
    // A request of the account is running on some instance when support acts: its lease holds credits.
    const lease = `lease:elsewhere:${p.accountId}`;
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await gw.dataSource.query(
      'INSERT INTO credit_holds (request_id, account_id, amount_micros, created_at) VALUES (?, ?, ?, ?)',
      [lease, p.accountId, 5_000, now],
    );
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros + 5000 WHERE account_id = ?', [
      p.accountId,
    ]);
    const closed = await supportGql(UNDERAGE, { e: p.email, n: 'Reported by a parent by email on 2026-11-28.' });
    expect(closed.body).toEqual({ data: { closeUnderageAccount: true } });

    // Closed at once: keys and sessions stop on every instance.
    expect(await Promise.all([models(gw, p.key), models(other, p.key)])).toEqual([401, 401]);
    expect((await p.browser.graphql(gw, '{ me { id } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    // Not erased while that request is still to be charged: its settlement would bring the account's id
    // back into the billing records. Nothing is half-erased meanwhile, and the hourly task waits too.
    expect(await gw.app.get(ClosedAccountsRetention).purge()).toBe(0);
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM accounts WHERE id = ?', [p.accountId])).toBe(1);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?', [p.accountId]),
    ).toBe(1);
    // The request ends and its instance gives the lease back: the next run of the task erases the account.
    await gw.dataSource.query('DELETE FROM credit_holds WHERE request_id = ?', [lease]);
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros - 5000 WHERE account_id = ?', [
      p.accountId,
    ]);
    expect(await gw.app.get(ClosedAccountsRetention).purge()).toBeGreaterThan(0);
    for (const [table, column] of ACCOUNT_TABLES)
      expect([
        table,
        await count(gw.dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [p.accountId]),
      ]).toEqual([table, 0]);
    expect(
      await count(
        gw.dataSource,
        "SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id LIKE 'p-%' AND reference = ?",
        [`adjustment:closure-${p.accountId}`],
      ),
    ).toBe(1);
    // Support's case is on record as completed, without the person.
    expect(
      await count(
        gw.dataSource,
        "SELECT COUNT(*) AS n FROM privacy_rights_requests WHERE type = 'UNDERAGE_REPORT' AND status = 'COMPLETED' AND account_id IS NULL",
      ),
    ).toBe(underageBefore + 1);
    // Nothing left for the task, and signing in with the identity starts a sign-up.
    expect(await gw.app.get(ClosedAccountsRetention).purge()).toBe(0);
    expect((await p.browser.signInWith(gw, 'github')).pathname).toBe('/signup');
  });
});
