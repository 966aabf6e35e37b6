import type { Server } from 'node:http';
import type { HttpLimits } from './http-limits.types';

/**
 * Applies the limits to a server that is not listening yet (Node starts its timeout checker when
 * the server starts listening, with the interval set then).
 *
 * Node's request timeout runs until the request has been received, not while the answer is sent,
 * so streamed answers may last longer than it; the keep-alive wait between requests counts for
 * neither timeout.
 */
export function applyServerLimits(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Node checks the timeouts every 30 s by default, so a 20 s limit would really be 20 to 50 s;
  // checking at a quarter of the shorter one keeps the overrun small (the check is a list walk).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    30_000,
    Math.max(50, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
  );
}
