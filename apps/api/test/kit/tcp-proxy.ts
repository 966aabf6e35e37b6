import { createConnection, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy on loopback in front of a service (Redis, the database), which a test can cut and restore. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1 (point the app's URL at it instead of the service's). */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's (e.g. a REDIS_URL or DATABASE_URL). */
  via(url: string): string;
  /** Destroys every open connection and refuses new ones (accepted, then reset at once) until `restore`. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  /** Connections currently forwarded. */
  readonly open: number;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (port 0: any free port) forwarding to `target`. */
export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  let cut = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // A reset from either side is expected while cutting; it must not fail the test process.
    s.on('error', () => s.destroy());
  };
  const server: Server = createServer((client) => {
    if (cut) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host, port: target.port });
    track(client);
    track(upstream);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    via(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut(): void {
      cut = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore(): void {
      cut = false;
    },
    get open(): number {
      return clients.size;
    },
    close: async () => {
      cut = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
