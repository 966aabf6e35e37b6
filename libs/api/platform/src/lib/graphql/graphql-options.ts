import { ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import { GRAPHQL_ERROR_CODES } from '@vipcloud/contracts';
import { AppConfig } from '../config/app-config';
import { maxDepthRule } from './max-depth.rule';

export const GRAPHQL_MAX_DEPTH = 8;
export const GRAPHQL_MAX_COMPLEXITY = 500;
/**
 * The parser stops after this many tokens: a document the complexity limit would refuse anyway is
 * refused before it is parsed into a tree and validated: some of graphql's own rules grow faster
 * than the document (merging repeated fields is quadratic), so this bounds what an anonymous
 * document costs. 500 aliased fields (the complexity limit) still fit.
 */
export const GRAPHQL_MAX_TOKENS = 2000;

/** The codes portal clients can rely on (listed in @vipcloud/contracts, with the portal's sentences); anything else is reported as INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES: ReadonlySet<string> = new Set(GRAPHQL_ERROR_CODES);

/** The depth limit, checked while the query is validated. */
export function graphqlValidationRules(): ValidationRule[] {
  return [maxDepthRule(GRAPHQL_MAX_DEPTH)];
}

/**
 * graphql's "Did you mean …?" hints name schema fields, types and enum values: in production they
 * would rebuild the schema that introspection hides, so they are cut from every client error.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+?\?$/s, '');
}

/** Refuses an operation above the complexity limit; needs the variables, so it runs per request. */
export function assertComplexity(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): void {
  const complexity = getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > GRAPHQL_MAX_COMPLEXITY) {
    throw new GraphQLError(
      `Query is too complex: ${complexity}. The maximum allowed complexity is ${GRAPHQL_MAX_COMPLEXITY}.`,
      {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
      },
    );
  }
}

const complexityPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema }) {
        assertComplexity(schema, document, request.variables ?? {}, request.operationName ?? undefined);
      },
    };
  },
};

/**
 * Apollo at /graphql: CSRF prevention on, no batching, token, depth and complexity limits, and in
 * production no introspection, no landing page, no schema hints and no stack traces. The body
 * size limit is applied before Apollo, by `graphqlBodyParser`.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const production = config.isProduction;
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    validationRules: graphqlValidationRules(),
    parseOptions: { maxTokens: GRAPHQL_MAX_TOKENS },
    // Apollo's own switch covers validation errors; formatError below also covers variable values.
    hideSchemaDetailsFromClientErrors: production,
    plugins: [complexityPlugin],
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = String(formatted.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR');
      const known = PUBLIC_CODES.has(code) ? code : 'INTERNAL_SERVER_ERROR';
      // Only what a client needs: internal messages and stack traces stay on the server.
      const message = production ? withoutSuggestions(formatted.message) : formatted.message;
      return {
        message: known === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: known,
          ...(formatted.extensions?.['reason'] ? { reason: formatted.extensions['reason'] } : {}),
        },
      };
    },
  };
}
