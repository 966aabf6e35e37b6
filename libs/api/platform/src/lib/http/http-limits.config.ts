import { ConfigError } from '../config/app-config';
import { defineConfig } from '../config/config-fragment';
import { httpLimitsShape } from '../config/config.schema';

export interface HttpLimits {
  graphqlBodyLimitBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/**
 * The HTTP server's limits. The variables are the platform's own (declared and validated with
 * config.schema.ts); this fragment only gives them a typed shape and checks how they relate.
 */
export const httpLimitsConfig = defineConfig('HTTP limits', httpLimitsShape, (vars): HttpLimits => {
  if (vars.HTTP_HEADERS_TIMEOUT_MS > vars.HTTP_REQUEST_TIMEOUT_MS) {
    // Node refuses the same combination: the headers are part of the request.
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS must not be greater than HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    graphqlBodyLimitBytes: vars.GRAPHQL_BODY_LIMIT,
    headersTimeoutMs: vars.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: vars.HTTP_MAX_CONNECTIONS,
  };
});
