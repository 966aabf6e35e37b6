import { ApolloDriverConfig } from '@nestjs/apollo';
import depthLimit from 'graphql-depth-limit';
import type { ApolloServerPlugin } from '@apollo/server';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import { AppConfig } from '../config/app-config';

export const GRAPHQL_MAX_DEPTH = 8;
export const GRAPHQL_MAX_COMPLEXITY = 500;

/** The codes portal clients can rely on; anything else is reported as INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'INTERNAL_SERVER_ERROR',
]);

/** The depth limit, checked while the query is validated. */
export function graphqlValidationRules(): ValidationRule[] {
  return [depthLimit(GRAPHQL_MAX_DEPTH)];
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
 * Apollo at /graphql: CSRF prevention on, no batching, depth and complexity limits, and in
 * production no introspection, no landing page and no stack traces.
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
    plugins: [complexityPlugin],
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = String(formatted.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR');
      const known = PUBLIC_CODES.has(code) ? code : 'INTERNAL_SERVER_ERROR';
      // Only what a client needs: internal messages and stack traces stay on the server.
      return {
        message: known === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : formatted.message,
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
