/** The portal's GraphQL API: its committed schema, its guard rails and its error shape. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { printApiSchema, SCHEMA_FILE } from '../src/schema-file';
import { Gateway, graphql, MODES, startGateway, useGatewayWithFakes } from './kit';

describe.each(MODES)('GraphQL API (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode);

  it('matches the committed schema file (run `npm run schema:write` after an API change)', () => {
    expect(printApiSchema(suite.gw.app)).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('lists the callable models with their prices, publicly', async () => {
    const res = await graphql(suite.gw)(
      '{ models { id ownedBy contextWindow price { inputMicrosPerMillion cachedInputMicrosPerMillion outputMicrosPerMillion } } }',
    );
    expect(res.status).toBe(200);
    const flash = res.body.data.models.find((m: { id: string }) => m.id === 'deepseek-flash');
    expect(flash).toEqual({
      id: 'deepseek-flash',
      ownedBy: 'deepseek',
      contextWindow: 1048576,
      price: { inputMicrosPerMillion: 300000, cachedInputMicrosPerMillion: 6000, outputMicrosPerMillion: 1200000 },
    });
  });

  it('refuses simple requests a browser could forge (CSRF): text/plain and form posts', async () => {
    const plain = await request(suite.gw.url)
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send('{"query":"{ models { id } }"}');
    expect(plain.status).toBe(400);
    expect(plain.text).toMatch(/Cross-Site Request Forgery/);
    const form = await request(suite.gw.url).post('/graphql').type('form').send({ query: '{ models { id } }' });
    expect(form.status).toBe(400);
    const get = await request(suite.gw.url).get('/graphql').query({ query: '{ models { id } }' });
    expect(get.status).toBe(400);
  });

  it('refuses batched operations', async () => {
    const res = await graphql(suite.gw).post([{ query: '{ models { id } }' }, { query: '{ models { id } }' }]);
    expect(res.status).toBe(400);
  });

  it('applies the complexity limit to real requests', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `m${i}: models { id ownedBy }`).join(' ');
    const res = await graphql(suite.gw)(`{ ${aliases} }`);
    expect(res.body.errors?.[0].message).toMatch(/too complex/);
    expect(res.body.data).toBeUndefined();
  });

  it('answers malformed queries with a typed error and no stack trace', async () => {
    const res = await graphql(suite.gw)('{ models { nope } }');
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('GraphQL API in production', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway('sqlite', {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://vipcloud.example',
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
  });
  afterAll(() => gw?.close());

  it('turns introspection and the landing page off', async () => {
    const res = await graphql(gw)('{ __schema { types { name } } }');
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    const page = await request(gw.url).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/<html/i);
  });
});
