/** API keys managed from the portal (GraphQL, signed in), honoured by the gateway on every instance. */
import request from 'supertest';
import {
  count,
  eventually,
  Gateway,
  graphql,
  GraphqlClient,
  MODES,
  signedInAccount,
  signIn,
  startGateway,
} from './kit';

describe.each(MODES)('API keys in the portal (%s)', (mode) => {
  let gw: Gateway;
  let other: Gateway;
  let gql: GraphqlClient;

  beforeAll(async () => {
    gw = await startGateway(mode, { API_KEYS_PER_ACCOUNT: '3' });
    other = gw.databaseUrl ? await startGateway(mode, { DATABASE_URL: gw.databaseUrl }) : gw;
    gql = graphql(gw, (await signIn(gw, gw.accountId)).token);
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
  });

  const CREATE =
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret key { id name prefix allowedModels expiresAt } } }';

  it('creates a key whose secret is shown once, lists, renames and revokes it; the gateway follows', async () => {
    const created = await gql(CREATE, { input: { name: 'laptop', allowedModels: ['deepseek-flash'] } });
    const { secret, key } = created.body.data.createApiKey;
    expect(secret).toMatch(/^vc-/);
    expect(key).toMatchObject({
      name: 'laptop',
      prefix: secret.slice(0, 11),
      allowedModels: ['deepseek-flash'],
      expiresAt: null,
    });

    const listed = await gql('{ myApiKeys { id name prefix } }');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.data.myApiKeys.map((k: { id: string }) => k.id)).toContain(key.id);

    const renamed = await gql('mutation($id: ID!) { renameApiKey(id: $id, name: "desktop") { name } }', { id: key.id });
    expect(renamed.body.data.renameApiKey.name).toBe('desktop');

    // A key works on the other instance too, and stops there within seconds of being revoked.
    expect((await request(other.url).get('/v1/models').set('authorization', `Bearer ${secret}`)).status).toBe(200);
    const revoked = await gql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: key.id });
    expect(revoked.body.data.revokeApiKey.revokedAt).toBeTruthy();
    const t0 = Date.now();
    await eventually(
      async () => (await request(other.url).get('/v1/models').set('authorization', `Bearer ${secret}`)).status === 401,
      6000,
    );
    expect(Date.now() - t0).toBeLessThan(5500);
  });

  it('answers NOT_FOUND for another account’s key, whatever id is guessed', async () => {
    const mine = (await gql(CREATE, { input: { name: 'mine' } })).body.data.createApiKey.key.id;
    const stranger = gql.as((await signedInAccount(gw, { prefix: 'stranger' })).token);
    for (const q of [
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      'mutation($id: ID!) { renameApiKey(id: $id, name: "x") { id } }',
    ]) {
      const res = await stranger(q, { id: mine });
      expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    }
    expect((await stranger('{ myApiKeys { id } }')).body.data.myApiKeys).toEqual([]);
  });

  it('refuses bad input with BAD_USER_INPUT and enforces the per-account cap', async () => {
    expect((await gql(CREATE, { input: { name: '  ' } })).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(
      (await gql(CREATE, { input: { name: 'old', expiresAt: '2020-01-01T00:00:00Z' } })).body.errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
    const fresh = gql.as((await signedInAccount(gw, { prefix: 'capped' })).token);
    for (let i = 0; i < 3; i++) expect((await fresh(CREATE, { input: { name: `k${i}` } })).body.data).toBeTruthy();
    const over = await fresh(CREATE, { input: { name: 'one too many' } });
    expect(over.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'api_key_limit' });
  });

  it('holds the cap under concurrent creates', async () => {
    const fresh = await signedInAccount(gw, { prefix: 'racing' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gql.as(fresh.token)(CREATE, { input: { name: `r${i}` } })),
    );
    expect(results.filter((r) => r.body.data?.createApiKey).length).toBe(3);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM api_keys WHERE account_id = ?', [fresh.accountId]),
    ).toBe(3);
  });

  it('requires a signed-in session', async () => {
    const res = await gql.as(null)('{ myApiKeys { id } }');
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
