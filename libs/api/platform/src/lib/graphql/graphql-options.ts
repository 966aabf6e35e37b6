import { ApolloDriverConfig } from '@nestjs/apollo';
import depthLimit from 'graphql-depth-limit';
import { createComplexityRule, fieldExtensionsEstimator, simpleEstimator } from 'graphql-query-complexity';
import { GraphQLError, GraphQLFormattedError, ValidationRule } from 'graphql';
import { AppConfig } from '../config/app-config';

export const GRAPHQL_MAX_DEPTH = 8;
export const GRAPHQL_MAX_COMPLEXITY = 500;

/** The codes portal clients can rely on; anything else is reported as INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'INTERNAL_SERVER_ERROR',
]);

/** Depth and complexity limits, checked before any resolver runs. */
export function graphqlValidationRules(): ValidationRule[] {
  return [
    depthLimit(GRAPHQL_MAX_DEPTH),
    createComplexityRule({
      maximumComplexity: GRAPHQL_MAX_COMPLEXITY,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      createError: (max, actual) =>
        new GraphQLError(`Query is too complex: ${actual}. The maximum allowed complexity is ${max}.`, {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
    }),
  ];
}

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
    formatError: (formatted: GraphQLFormattedError): GraphQLFormattedError => {
      const code = String(formatted.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR');
      const known = PUBLIC_CODES.has(code) ? code : 'INTERNAL_SERVER_ERROR';
      // Only what a client needs: internal messages and stack traces stay on the server.
      return {
        message: known === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: known, ...(formatted.extensions?.['reason'] ? { reason: formatted.extensions['reason'] } : {}) },
      };
    },
  };
}
