import {
  buildSchema,
  GraphQLError,
  OperationDefinitionNode,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  ValidationContext,
  visit,
} from 'graphql';
import {
  assertComplexity,
  GRAPHQL_MAX_COMPLEXITY,
  GRAPHQL_MAX_DEPTH,
  GRAPHQL_MAX_TOKENS,
  graphqlValidationRules,
  withoutSuggestions,
} from './graphql-options';
import { maxDepthRule } from './max-depth.rule';

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

  it('measures depth through fragments and inline fragments, and ignores introspection fields', () => {
    const deepFragment = `
      query Deep { node { ...A } }
      fragment A on Node { child { ... on Node { child { ...B } } } }
      fragment B on Node { child { child { child { child { child { child { name } } } } } } }`;
    expect(errorsOf(deepFragment)[0].message).toBe(`'Deep' exceeds maximum operation depth of ${GRAPHQL_MAX_DEPTH}`);
    const shallow = `{ node { ...A ...A } } fragment A on Node { child { name } }`;
    expect(errorsOf(shallow)).toEqual([]);
    let typeChain = 'name';
    for (let i = 0; i < 20; i++) typeChain = `ofType { ${typeChain} }`;
    expect(errorsOf(`{ __schema { types { ${typeChain} } } }`.replace(/ofType|name/g, '__typename'))).toEqual([]);
  });

  it('cannot overflow the stack on a very wide document, and ends on fragment cycles', () => {
    // graphql-depth-limit spread every selection list into Math.max(): this many fields threw RangeError.
    // Built as a tree: parsing that many fields takes seconds.
    const wide = parse('{ __typename }');
    const operation = wide.definitions[0] as OperationDefinitionNode;
    const field = operation.selectionSet.selections[0];
    Object.assign(operation.selectionSet, { selections: Array.from({ length: 150_000 }, () => field) });
    // The rule alone: graphql's whole validation of that many fields takes seconds under Jest.
    const reported: GraphQLError[] = [];
    const context = new ValidationContext(schema, wide, new TypeInfo(schema), (e) => reported.push(e));
    expect(() => visit(wide, maxDepthRule(GRAPHQL_MAX_DEPTH)(context))).not.toThrow();
    expect(reported).toEqual([]);
    const cycle = parse('{ node { ...A } } fragment A on Node { ...B } fragment B on Node { ...A child { ...A } }');
    const errors = validate(schema, cycle, [...specifiedRules, ...graphqlValidationRules()]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('the parser limit refuses a document above the token limit', () => {
    expect(() => parse(`{ ${'a '.repeat(GRAPHQL_MAX_TOKENS)}}`, { maxTokens: GRAPHQL_MAX_TOKENS })).toThrow(
      /more tha\w? \d+ tokens/,
    );
    // 500 aliased fields, the complexity limit, still parse.
    const aliases = Array.from({ length: GRAPHQL_MAX_COMPLEXITY / 2 }, (_, i) => `m${i}: node { name }`).join(' ');
    expect(() => parse(`{ ${aliases} }`, { maxTokens: GRAPHQL_MAX_TOKENS })).not.toThrow();
  });

  it('cuts "Did you mean" hints from messages', () => {
    const [error] = validate(schema, parse('{ nodd { name } }'), specifiedRules);
    expect(error.message).toMatch(/Did you mean "node"\?/);
    expect(withoutSuggestions(error.message)).toBe('Cannot query field "nodd" on type "Query".');
    expect(withoutSuggestions('Value "X" does not exist in "Role" enum. Did you mean the enum value "A" or "B"?')).toBe(
      'Value "X" does not exist in "Role" enum.',
    );
  });
});
