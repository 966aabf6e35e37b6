/**
 * The Correct right for the contact email and the display name: a new email replaces the old one
 * only once the link sent to it is followed (24 hours; once); every change is recorded as the field
 * and the time, never the values.
 */
import { AccountsService, PendingEmailChangesRetention } from '@vipcloud/accounts';
import request from 'supertest';
import {
  count,
  createAccount,
  daysAgo,
  Gateway,
  graphql,
  GraphqlClient,
  MODES,
  signedInAccount,
  startGateway,
} from './kit';
import { PrivacyMailRecord, recordPrivacyMail } from './kit/privacy-mail';

const REQUEST = 'mutation($e: String!) { requestEmailChange(email: $e) { email requestedAt expiresAt } }';
const PENDING = '{ myPendingEmailChange { email expiresAt } }';
const CHANGES = '{ myProfileChanges { field changedAt } }';

describe.each(MODES)('changing the contact email (%s)', (mode) => {
  let gw: Gateway;
  let mail: PrivacyMailRecord;

  beforeAll(async () => {
    gw = await startGateway(mode);
    mail = recordPrivacyMail(gw);
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function user(): Promise<{ gql: GraphqlClient; accountId: string; email: string }> {
    const signed = await signedInAccount(gw, { prefix: 'correct' });
    return { gql: graphql(gw, signed.token), accountId: signed.accountId, email: signed.email };
  }

  /** The link last sent to `email`, as its path and query on this API. */
  function linkSentTo(email: string): string {
    const sent = mail.calls.filter((c) => c.kind === 'confirmEmailChange' && c.newEmail === email).pop();
    if (sent?.kind !== 'confirmEmailChange') throw new Error(`no link sent to ${email}`);
    const url = new URL(sent.confirmUrl);
    return `${url.pathname}${url.search}`;
  }

  const follow = async (path: string): Promise<string> => {
    const res = await request(gw.url).get(path);
    expect(res.status).toBe(302);
    return new URL(res.headers['location'] as string).pathname + new URL(res.headers['location'] as string).search;
  };

  it('keeps the old email until the link sent to the new one is followed, once', async () => {
    const { gql, accountId, email } = await user();
    const next = `new-${email}`;
    const asked = await gql(REQUEST, { e: `  ${next.toUpperCase()} ` });
    expect(asked.body.errors).toBeUndefined();
    const pending = asked.body.data.requestEmailChange;
    expect(pending.email).toBe(next);
    expect(Date.parse(pending.expiresAt) - Date.parse(pending.requestedAt)).toBe(24 * 3600_000);
    // The old email stays meanwhile; the portal shows what waits.
    expect((await gql('{ me { email } }')).body.data.me.email).toBe(email);
    expect((await gql(PENDING)).body.data.myPendingEmailChange.email).toBe(next);

    const link = linkSentTo(next);
    expect(link).toMatch(/^\/account\/email\/confirm\?token=[\w-]{40,}$/);
    const token = new URLSearchParams(link.split('?')[1]).get('token') as string;
    const [row] = await gw.dataSource.query('SELECT * FROM pending_email_changes WHERE account_id = ?', [accountId]);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    expect(await follow(link)).toBe('/portal/settings?email=confirmed');
    expect((await gql('{ me { email } }')).body.data.me.email).toBe(next);
    expect((await gql(PENDING)).body.data.myPendingEmailChange).toBeNull();
    const changes = (await gql(CHANGES)).body.data.myProfileChanges;
    expect(changes.map((c: { field: string }) => c.field)).toEqual(['email']);
    // Never the values: neither address appears in the record.
    const recorded = JSON.stringify(
      await gw.dataSource.query('SELECT * FROM profile_changes WHERE account_id = ?', [accountId]),
    );
    expect(recorded).not.toContain(email);
    expect(recorded).not.toContain(next);

    // A link works once.
    expect(await follow(link)).toBe('/portal/settings?email=invalid');
    expect((await gql('{ me { email } }')).body.data.me.email).toBe(next);
  });

  it('refuses an expired link, and the retention task deletes expired requests', async () => {
    const { gql, accountId, email } = await user();
    const next = `late-${email}`;
    await daysAgo(gw, 1.01, async () => expect((await gql(REQUEST, { e: next })).body.errors).toBeUndefined());
    expect((await gql(PENDING)).body.data.myPendingEmailChange).toBeNull();
    expect(await follow(linkSentTo(next))).toBe('/portal/settings?email=invalid');
    expect((await gql('{ me { email } }')).body.data.me.email).toBe(email);

    const other = `later-${email}`;
    await daysAgo(gw, 2, async () => expect((await gql(REQUEST, { e: other })).body.errors).toBeUndefined());
    const task = gw.app.get(PendingEmailChangesRetention);
    expect(await task.purge()).toBeGreaterThanOrEqual(1);
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM pending_email_changes WHERE account_id = ?', [accountId])).toBe(0);
    expect(await task.purge()).toBe(0);
    expect(await follow(linkSentTo(other))).toBe('/portal/settings?email=invalid');
  });

  it('answers a made-up or missing token with the invalid page', async () => {
    expect(await follow('/account/email/confirm?token=not-a-token')).toBe('/portal/settings?email=invalid');
    expect(await follow('/account/email/confirm')).toBe('/portal/settings?email=invalid');
  });

  it('refuses an email another account uses, the same email, and an invalid one, with typed errors', async () => {
    const { gql, email } = await user();
    const taken = await createAccount(gw, { prefix: 'taken' });
    const refused = await gql(REQUEST, { e: taken.email.toUpperCase() });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'email_taken' });
    expect((await gql(REQUEST, { e: email })).body.errors[0].extensions.reason).toBe('email_unchanged');
    expect((await gql(REQUEST, { e: 'not an email' })).body.errors[0].extensions.reason).toBe('invalid_email');
    expect((await gql(PENDING)).body.data.myPendingEmailChange).toBeNull();
  });

  it('refuses the change when another account took the address before the link was followed', async () => {
    const { gql, email } = await user();
    const next = `race-${email}`;
    await gql(REQUEST, { e: next });
    await gw.app.get(AccountsService).create(next);
    expect(await follow(linkSentTo(next))).toBe('/portal/settings?email=invalid');
    expect((await gql('{ me { email } }')).body.data.me.email).toBe(email);
  });

  it('records each display name change (field and time, never the name), and only real changes', async () => {
    const { gql, accountId } = await user();
    const SET = 'mutation($n: String) { setDisplayName(name: $n) { displayName } }';
    await gql(SET, { n: 'Grace Hopper' });
    await gql(SET, { n: 'Grace Hopper' });
    await gql(SET, { n: null });
    const changes = (await gql(CHANGES)).body.data.myProfileChanges;
    expect(changes.map((c: { field: string }) => c.field)).toEqual(['displayName', 'displayName']);
    const rows = JSON.stringify(
      await gw.dataSource.query('SELECT * FROM profile_changes WHERE account_id = ?', [accountId]),
    );
    expect(rows).not.toContain('Grace');
    // Another account sees none of them.
    const stranger = await user();
    expect((await stranger.gql(CHANGES)).body.data.myProfileChanges).toEqual([]);
  });
});
