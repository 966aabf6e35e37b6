import { buildSchema, parse, validate } from 'graphql';
import { assertComplexity, GRAPHQL_MAX_COMPLEXITY, GRAPHQL_MAX_DEPTH, graphqlValidationRules } from './graphql-options';

const schema = buildSchema(`
  type Node { name: String, child: Node, children: [Node!]! }
  type Query { node: Node }
`);

function nested(depth: number): string {
  let q = 'name';
  for (let i = 0; i < depth; i++) q = `child { ${q} }`;
  return `{ node { ${q} } }`;
}

const errorsOf = (query: string) => validate(schema, parse(query), graphqlValidationRules());

describe('GraphQL validation rules', () => {
  it('accepts a query at the depth limit and refuses one beyond it', () => {
    expect(errorsOf(nested(GRAPHQL_MAX_DEPTH - 2))).toEqual([]);
    const errors = errorsOf(nested(GRAPHQL_MAX_DEPTH + 1));
    expect(errors[0].message).toMatch(`exceeds maximum operation depth of ${GRAPHQL_MAX_DEPTH}`);
  });

  it('refuses a query above the complexity limit, and accepts operations with variables', () => {
    const wide = Array.from({ length: GRAPHQL_MAX_COMPLEXITY }, (_, i) => `a${i}: node { name }`).join(' ');
    expect(() => assertComplexity(schema, parse(`{ ${wide} }`))).toThrow(/too complex/);
    const withVars = buildSchema('type Query { find(id: ID!): String }');
    expect(() => assertComplexity(withVars, parse('query($id: ID!) { find(id: $id) }'), { id: '1' })).not.toThrow();
  });
});
