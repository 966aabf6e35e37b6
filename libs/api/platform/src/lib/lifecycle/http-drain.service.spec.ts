import { once } from 'node:events';
import { Agent, createServer, get, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import { DRAIN_DEADLINE_EVENT, HttpDrain } from './http-drain.service';

/** A server whose `/hold` requests wait until the test releases them; `/stream` sends its headers first. */
interface Rig {
  server: Server;
  drain: HttpDrain;
  port: number;
  /** Resolves with the next held request's response once the server has it. */
  nextHeld(): Promise<ServerResponse>;
}

async function rig(wrapUpMs = 50): Promise<Rig> {
  const waiting: Array<(res: ServerResponse) => void> = [];
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/hold' || req.url === '/stream') {
      if (req.url === '/stream') res.write('first;');
      const waiter = waiting.shift();
      if (waiter) waiter(res);
      else held.push(res);
      return;
    }
    res.end('fast');
  });
  server.keepAliveTimeout = 60_000;
  const drain = new HttpDrain(server, wrapUpMs);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    drain,
    port: (server.address() as AddressInfo).port,
    nextHeld: () => {
      const res = held.shift();
      return res ? Promise.resolve(res) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function request(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      // The connection closed under a response that had begun.
      res.on('error', reject);
    }).on('error', reject);
  });
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

/** Everything a raw socket receives until the server closes it. */
function readAll(socket: Socket): Promise<string> {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (text += d));
  return new Promise((resolve) => socket.on('close', () => resolve(text)));
}

describe('HttpDrain', () => {
  const agents: Agent[] = [];
  const servers: Server[] = [];
  const keepAlive = (): Agent => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };
  const started = async (wrapUpMs?: number): Promise<Rig> => {
    const r = await rig(wrapUpMs);
    servers.push(r.server);
    return r;
  };
  afterEach(() => {
    agents.forEach((a) => a.destroy());
    servers.forEach((s) => s.closeAllConnections());
    agents.length = 0;
    servers.length = 0;
  });

  it('refuses new connections, lets an open request finish with Connection: close, and ends when it has', async () => {
    const { port, drain, nextHeld } = await started();
    const agent = keepAlive();
    expect(await request(port, '/fast', agent)).toMatchObject({ status: 200, connection: 'keep-alive' });
    const answer = request(port, '/hold', agent);
    const res = await nextHeld();
    expect(drain.inFlight).toBe(1);

    const drained = drain.drain(60_000);
    expect(drain.isDraining).toBe(true);
    expect(await refused(port)).toBe('ECONNREFUSED');
    res.end('held');
    expect(await answer).toEqual({ status: 200, connection: 'close', body: 'held' });
    expect(await drained).toEqual({ served: 1, cut: 0 });
  });

  it('closes the connection of a stream whose headers went out as keep-alive once it ends', async () => {
    const { port, drain, nextHeld } = await started();
    const answer = request(port, '/stream', keepAlive());
    const res = await nextHeld();
    const drained = drain.drain(60_000);
    res.end('last');
    expect(await answer).toEqual({ status: 200, connection: 'keep-alive', body: 'first;last' });
    // Resolves only once no connection is left, so the kept-alive one was closed by the drain.
    expect(await drained).toEqual({ served: 1, cut: 0 });
  });

  it('serves a request that arrives on an open connection during the drain, with Connection: close', async () => {
    const { port, drain, nextHeld } = await started();
    const socket = connect(port, '127.0.0.1');
    const received = readAll(socket);
    socket.write('GET /stream HTTP/1.1\r\nHost: test\r\n\r\n');
    const stream = await nextHeld();
    const drained = drain.drain(60_000);
    expect(await refused(port)).toBe('ECONNREFUSED');
    // Pipelined behind the open stream: it reached the server after the drain began.
    socket.write('GET /fast HTTP/1.1\r\nHost: test\r\n\r\n');
    await new Promise<void>((resolve) => {
      const check = (): void => (drain.inFlight === 2 ? resolve() : void setImmediate(check));
      check();
    });
    stream.end('last');
    const text = await received;
    const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(second).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(second).toMatch(/\r\nConnection: close\r\n/i);
    expect(second).toMatch(/\r\n\r\nfast$/);
    expect(await drained).toEqual({ served: 2, cut: 0 });
  });

  it('closes the connections of requests still open at the deadline', async () => {
    const { port, drain, nextHeld } = await started();
    const failed = request(port, '/stream', keepAlive()).then(
      () => 'answered',
      (err: NodeJS.ErrnoException) => err.code,
    );
    const res = await nextHeld();
    const closed = once(res, 'close');
    expect(await drain.drain(1)).toEqual({ served: 1, cut: 1 });
    await closed;
    expect(res.writableFinished).toBe(false);
    expect(await failed).toBe('ECONNRESET');
  });

  it('tells a response still open at the deadline, which may end itself before the connections close', async () => {
    // A wrap-up far longer than the test: the drain ends because the answer did, not because time ran out.
    const { port, drain, nextHeld } = await started(60_000);
    const answer = request(port, '/stream', keepAlive());
    const res = await nextHeld();
    res.once(DRAIN_DEADLINE_EVENT, () => res.end('ended at the deadline'));
    expect(await drain.drain(1)).toEqual({ served: 1, cut: 1 });
    expect(res.writableFinished).toBe(true);
    expect(await answer).toEqual({ status: 200, connection: 'keep-alive', body: 'first;ended at the deadline' });
  });

  it('ends at once when nothing is open', async () => {
    const { port, drain } = await started();
    expect(await drain.drain(60_000)).toEqual({ served: 0, cut: 0 });
    expect(await refused(port)).toBe('ECONNREFUSED');
  });
});
