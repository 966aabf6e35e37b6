/** /graphql refuses oversized, over-long and over-deep documents cheaply, with typed 400/413s, and hides schema hints in production. */
import { randomBytes } from 'node:crypto';
import { GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_TOKENS } from '@vipcloud/platform';
import { Gateway, graphql, MODES, startGateway } from './kit';

describe.each(MODES)('GraphQL limits (%s)', (mode) => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway(mode);
  });
  afterAll(() => gw?.close());

  it('refuses a 3.3 MB document with 413 before reading it into memory, in GraphQL shape', async () => {
    const started = Date.now();
    const res = await graphql(gw)(`{ ${'__typename '.repeat(300_000)}}`);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: [
        {
          message: 'The request body is too large.',
          extensions: { code: 'BAD_USER_INPUT', reason: 'request_too_large' },
        },
      ],
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('accepts a document just under the body limit but refuses one above the token limit with a typed 400', async () => {
    // About 90 KB: under the 100 KB body limit, 45,000 tokens.
    const query = `{ ${'a '.repeat(45_000)}}`;
    expect(query.length).toBeGreaterThan(90_000);
    const res = await graphql(gw)(query);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toMatch(`${GRAPHQL_MAX_TOKENS} tokens`);
    expect(res.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('refuses a deeply nested query with a typed 400, not a 500', async () => {
    let q = 'id';
    for (let i = 0; i < 400; i++) q = `models { ${q} }`;
    const res = await graphql(gw)(`{ ${q} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      message: `'' exceeds maximum operation depth of ${GRAPHQL_MAX_DEPTH}`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.js/i);
  });

  it('still answers ordinary operations and reads a JSON body its own parser read', async () => {
    const res = await graphql(gw)('{ __typename models { id } }', { padding: 'x'.repeat(50_000) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { __typename: 'Query', models: [] } });
  });

  it('keeps schema hints in development', async () => {
    const res = await graphql(gw)('{ modelz { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('Cannot query field "modelz" on type "Query". Did you mean "models"?');
  });
});

describe.each(MODES)('GraphQL limits in production (%s)', (mode) => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway(mode, {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://vipcloud.example',
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
  });
  afterAll(() => gw?.close());

  it('suggests no field, argument or type names', async () => {
    for (const query of [
      '{ modelz { id } }',
      '{ models { idd } }',
      'query ($n: Int) { models { id } } fragment F on Modle { id }',
    ]) {
      const res = await graphql(gw)(query);
      expect(res.status).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
    }
    const res = await graphql(gw)('{ modelz { id } }');
    expect(res.body.errors[0]).toEqual({
      message: 'Cannot query field "modelz" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
