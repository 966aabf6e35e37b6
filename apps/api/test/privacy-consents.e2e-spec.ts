/**
 * Consents (privacy policy: withdraw consent at any time): each answer is recorded with its time and
 * the privacy policy version in effect; a withdrawal is effective at once on every instance (the
 * service reads the database on every call), and is recorded as a completed rights request.
 */
import { AccountLookup, ConsentsService, PrivacyMailer, PrivacyPolicyVersion } from '@vipcloud/privacy';
import { LegalDocumentsService } from '@vipcloud/legal';
import { Gateway, graphql, MODES, signedInAccount, startGateway } from './kit';

const MY_CONSENTS = '{ myConsents { kind granted policyVersion changedAt } }';
const SET = `mutation($kind: ConsentKind!, $granted: Boolean!) {
  setConsent(kind: $kind, granted: $granted) { kind granted policyVersion changedAt }
}`;
const MY_REQUESTS = '{ myRightsRequests { type status receivedAt dueAt closedAt overdue description } }';

describe.each(MODES)('consents (%s)', (mode) => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway(mode);
  });
  afterAll(() => gw?.close());

  const history = async (accountId: string): Promise<unknown[]> =>
    gw.dataSource.query('SELECT kind, granted FROM privacy_consent_history WHERE account_id = ?', [accountId]);

  it('starts with nothing granted, never answered', async () => {
    const user = await signedInAccount(gw);
    const res = await graphql(gw, user.token)(MY_CONSENTS).expect(200);
    expect(res.body.data.myConsents).toEqual([
      { kind: 'DEBUG_CAPTURES', granted: false, policyVersion: null, changedAt: null },
      { kind: 'PRODUCT_EMAILS', granted: false, policyVersion: null, changedAt: null },
    ]);
    expect(await gw.app.get(ConsentsService).isGranted(user.accountId, 'debug_captures')).toBe(false);
  });

  it('records a consent with the policy version, and a withdrawal stops it at once on every instance', async () => {
    const user = await signedInAccount(gw);
    const gql = graphql(gw, user.token);
    const policy = gw.app.get(LegalDocumentsService).current('privacy')?.version;
    expect(policy).toEqual(expect.any(String));

    const granted = await gql(SET, { kind: 'DEBUG_CAPTURES', granted: true }).expect(200);
    expect(granted.body.data.setConsent).toEqual({
      kind: 'DEBUG_CAPTURES',
      granted: true,
      policyVersion: policy,
      changedAt: expect.any(String),
    });
    const instances = [gw.app, ...(gw.worker ? [gw.worker] : [])];
    for (const app of instances)
      expect(await app.get(ConsentsService).isGranted(user.accountId, 'debug_captures')).toBe(true);
    expect(await gw.app.get(ConsentsService).isGranted(user.accountId, 'product_emails')).toBe(false);
    // Granting again records nothing new.
    await gql(SET, { kind: 'DEBUG_CAPTURES', granted: true }).expect(200);
    expect(await history(user.accountId)).toHaveLength(1);
    expect((await gql(MY_REQUESTS).expect(200)).body.data.myRightsRequests).toEqual([]);

    const withdrawn = await gql(SET, { kind: 'DEBUG_CAPTURES', granted: false }).expect(200);
    expect(withdrawn.body.data.setConsent).toMatchObject({ kind: 'DEBUG_CAPTURES', granted: false });
    // No cache anywhere: the next check, on this instance or another, sees the withdrawal.
    for (const app of instances)
      expect(await app.get(ConsentsService).isGranted(user.accountId, 'debug_captures')).toBe(false);

    const mine = (await gql(MY_CONSENTS).expect(200)).body.data.myConsents;
    expect(mine[0]).toMatchObject({ kind: 'DEBUG_CAPTURES', granted: false, policyVersion: policy });
    expect(await history(user.accountId)).toHaveLength(2);

    const [request] = (await gql(MY_REQUESTS).expect(200)).body.data.myRightsRequests;
    expect(request).toMatchObject({ type: 'CONSENT_WITHDRAWAL', status: 'COMPLETED', overdue: false });
    expect(request.closedAt).toEqual(expect.any(String));
  });

  it('keeps one account’s answers from another’s', async () => {
    const a = await signedInAccount(gw);
    const b = await signedInAccount(gw);
    await graphql(gw, a.token)(SET, { kind: 'PRODUCT_EMAILS', granted: true }).expect(200);
    expect(await gw.app.get(ConsentsService).isGranted(b.accountId, 'product_emails')).toBe(false);
    const theirs = (await graphql(gw, b.token)(MY_CONSENTS).expect(200)).body.data.myConsents;
    expect(theirs.every((c: { granted: boolean }) => !c.granted)).toBe(true);
  });

  it('refuses a visitor who is not signed in', async () => {
    const res = await graphql(gw)(SET, { kind: 'DEBUG_CAPTURES', granted: true });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("resolves privacy's ports (implemented by legal, accounts, notifications) in the api and worker roles", async () => {
    const user = await signedInAccount(gw);
    for (const app of [gw.app, ...(gw.worker ? [gw.worker] : [])]) {
      expect(app.get(PrivacyPolicyVersion).current()).toEqual(expect.any(String));
      expect(await app.get(AccountLookup).idByEmail(` ${user.email.toUpperCase()} `)).toBe(user.accountId);
      expect(await app.get(AccountLookup).emailsOf([user.accountId])).toEqual(new Map([[user.accountId, user.email]]));
      await expect(
        app.get(PrivacyMailer).accountClosing('00000000-0000-0000-0000-000000000000', new Date()),
      ).resolves.toBeUndefined();
    }
  });
});
