import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The fakes answer on loopback only: nothing a test starts is reachable from outside the machine. */
export const LOOPBACK_HOST = '127.0.0.1';

export interface LoopbackServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Stops listening and drops open connections (keep-alive sockets, streams), once; later calls are no-ops. */
  close(): Promise<void>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts an HTTP server on loopback; port 0 (the default) lets the system choose a free one. */
export async function listenOnLoopback(handler: RequestHandler, port = 0): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('The server did not bind a TCP port');
  }
  let closed: Promise<void> | undefined;
  return {
    server,
    port: address.port,
    origin: `http://${LOOPBACK_HOST}:${address.port}`,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A client holding a keep-alive socket or an unfinished stream would keep close() waiting.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
