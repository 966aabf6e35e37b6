/**
 * The right of access in the portal: `privacyOverview` lists every kind of personal data the libs
 * hold about the signed-in account, grouped as the privacy policy's "What we collect" table, with
 * counts and the newest records — never a secret, never another account's data.
 */
import { ConsentsService, RightsRequestsService } from '@vipcloud/privacy';
import { Gateway, graphql, MODES, signIn, startGateway } from './kit';
import { seedPerson, SeededPerson } from './support/personal-data-seed';

const OVERVIEW = '{ privacyOverview { category kinds { kind count newest { fields { name value } } } } }';

interface Kind {
  kind: string;
  count: number;
  newest: Array<{ fields: Array<{ name: string; value: string | null }> }>;
}

describe.each(MODES)('privacy overview (%s)', (mode) => {
  let gw: Gateway;
  let person: SeededPerson;
  let other: SeededPerson;

  beforeAll(async () => {
    gw = await startGateway(mode);
    person = await seedPerson(gw, 'owner');
    other = await seedPerson(gw, 'other');
    await gw.app.get(ConsentsService).set(person.accountId, 'debug_captures', true);
    await gw.app.get(ConsentsService).set(person.accountId, 'debug_captures', false);
    await gw.app.get(RightsRequestsService).objectToProcessing(person.accountId, 'No analytics please.');
  });
  afterAll(() => gw?.close());

  it('groups every kind by the policy’s categories, in its order, with counts and newest entries', async () => {
    const { token } = await signIn(gw, person.accountId);
    const res = await graphql(gw, token)(OVERVIEW).expect(200);
    const groups = res.body.data.privacyOverview as Array<{ category: string; kinds: Kind[] }>;
    const categories = groups.map((g) => g.category);
    expect(categories).toEqual(
      expect.arrayContaining([
        'identity',
        'authentication',
        'sessions',
        'requestMetadata',
        'billing',
        'consents',
        'rightsRequests',
      ]),
    );
    // The policy's order.
    expect(categories.indexOf('identity')).toBeLessThan(categories.indexOf('billing'));
    expect(categories.indexOf('consents')).toBeLessThan(categories.indexOf('rightsRequests'));

    const kinds = new Map(groups.flatMap((g) => g.kinds.map((k) => [k.kind, k] as [string, Kind])));
    expect(kinds.get('privacy.consents')?.count).toBe(2);
    // The withdrawal recorded a request too: two in all.
    expect(kinds.get('privacy.rights-requests')?.count).toBe(2);
    expect(kinds.get('accounts.profile')?.count).toBe(1);
    for (const k of kinds.values()) expect(k.newest.length).toBeLessThanOrEqual(5);
    const consent = kinds.get('privacy.consents')?.newest[0].fields;
    expect(consent).toEqual(expect.arrayContaining([{ name: 'granted', value: 'false' }]));

    const text = JSON.stringify(groups);
    expect(text).toContain(person.email);
    for (const secret of [
      person.keySecret,
      person.keyHash,
      person.sessionToken,
      person.sessionTokenHash,
      person.sealedToken,
    ])
      expect(text).not.toContain(secret);
    for (const theirs of other.identifiers) expect(text).not.toContain(theirs);
  });

  it('refuses a visitor who is not signed in', async () => {
    const res = await graphql(gw)(OVERVIEW);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
