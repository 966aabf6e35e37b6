/** The HTTP server's and /graphql's limits, from the platform's own settings (config.schema.ts). */
export interface HttpLimits {
  graphqlBodyLimitBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}
