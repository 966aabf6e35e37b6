import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { ClientSink } from './client-sink';

/** Settles within a few event-loop turns, or reports that it is still pending. */
async function state(promise: Promise<void>): Promise<'resolved' | 'pending'> {
  let resolved = false;
  void promise.then(() => (resolved = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return resolved ? 'resolved' : 'pending';
}

/** A real server whose one client never reads: writes fill its socket until `res.write()` says stop. */
async function unreadResponse(): Promise<{ res: ServerResponse; client: IncomingMessage; server: Server }> {
  let server!: Server;
  const responded = new Promise<ServerResponse>((resolve) => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      resolve(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = await new Promise<IncomingMessage>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
  // Never consumed: once its small buffer is full the client stops reading the socket.
  client.pause();
  return { res: await responded, client, server };
}

/** Writes until the caller's buffer is full, as the relay would, one upstream read at a time. */
async function fill(sink: ClientSink): Promise<void> {
  const event = 'x'.repeat(4096);
  for (let reads = 0; reads < 10_000 && !sink.needsDrain; reads++) {
    sink.batch(() => {
      for (let i = 0; i < 16; i++) sink.writeData(event);
    });
    // Lets the socket hand what it can to the kernel, as between two upstream reads.
    await new Promise((r) => setImmediate(r));
  }
  expect(sink.needsDrain).toBe(true);
}

describe('ClientSink backpressure', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  it('does not wait while the socket has room', async () => {
    const started = await unreadResponse();
    server = started.server;
    const sink = new ClientSink(started.res as unknown as Response);
    sink.writeData('small');
    expect(sink.needsDrain).toBe(false);
    expect(await state(sink.drained(60_000))).toBe('resolved');
  });

  it('waits for a reader that stopped, and goes on once it reads again', async () => {
    const started = await unreadResponse();
    server = started.server;
    const sink = new ClientSink(started.res as unknown as Response);
    await fill(sink);

    const wait = sink.drained(60_000);
    expect(await state(wait)).toBe('pending');
    started.client.resume();
    await wait;
    expect(sink.needsDrain).toBe(false);
    // The wait left nothing behind.
    expect(started.res.listenerCount('drain')).toBe(0);
  });

  it('ends the wait when the caller goes away instead of waiting forever', async () => {
    const started = await unreadResponse();
    server = started.server;
    const sink = new ClientSink(started.res as unknown as Response);
    await fill(sink);

    const wait = sink.drained(60_000);
    expect(await state(wait)).toBe('pending');
    started.client.destroy();
    await wait;
    expect(sink.closed).toBe(true);
    expect(sink.needsDrain).toBe(false);
    // Already gone: nothing to wait for.
    expect(await state(sink.drained(60_000))).toBe('resolved');
  });

  it('cuts off a caller who takes nothing for the stall limit, ending the wait as a hang-up', async () => {
    const started = await unreadResponse();
    server = started.server;
    const sink = new ClientSink(started.res as unknown as Response);
    await fill(sink);

    await sink.drained(50);
    expect(sink.closed).toBe(true);
    expect(started.res.listenerCount('drain')).toBe(0);
  });
});
