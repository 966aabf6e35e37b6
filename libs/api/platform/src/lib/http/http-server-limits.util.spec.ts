import { createServer, Server } from 'node:http';
import { AppConfig, ConfigError } from '../config/app-config';
import { applyServerLimits } from './http-server-limits.util';

describe('HTTP limits', () => {
  it('defaults beyond Node: 100 KB GraphQL bodies, 20 s headers, 60 s requests, 65 s keep-alive, a connection cap', () => {
    expect(new AppConfig({}).httpLimits).toEqual({
      graphqlBodyLimitBytes: 100 * 1024,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 10_000,
    });
    expect(new AppConfig({ GRAPHQL_BODY_LIMIT: '64kb' }).httpLimits.graphqlBodyLimitBytes).toBe(65536);
  });

  it('stops start-up on a bad value or on a headers timeout longer than the request timeout', () => {
    expect(() => new AppConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
    expect(() => new AppConfig({ GRAPHQL_BODY_LIMIT: 'huge' })).toThrow(/GRAPHQL_BODY_LIMIT/);
    expect(() => new AppConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      ConfigError,
    );
  });

  it('sets the server and checks its timeouts often enough to keep them', () => {
    const server: Server = createServer();
    applyServerLimits(server, new AppConfig({}).httpLimits);
    expect(server).toMatchObject({
      headersTimeout: 20_000,
      requestTimeout: 60_000,
      keepAliveTimeout: 65_000,
      maxConnections: 10_000,
      connectionsCheckingInterval: 5_000,
    });
  });
});
