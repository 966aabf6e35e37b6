/** The HTTP server's own limits: slow clients are cut off, long streamed answers are not, connections are capped. */
import { connect, Socket } from 'node:net';
import { directive, Gateway, MODES, startGateway, useGatewayWithFakes } from './kit';

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 1500;

/** A raw connection to the gateway, collecting what it answers, resolved when the server closes it. */
function open(gw: Gateway): { socket: Socket; received: () => string; closed: Promise<number> } {
  const started = Date.now();
  const socket = connect(Number(new URL(gw.url).port), '127.0.0.1');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  return { socket, received: () => data, closed };
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe.each(MODES)('HTTP server limits (%s)', (mode) => {
  const suite = useGatewayWithFakes(mode, {
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
  });

  it('cuts off a client that sends its headers slower than the headers timeout', async () => {
    const { socket, received, closed } = open(suite.gw);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    trickle(socket, `X-Slow: ${'a'.repeat(1000)}\r\n\r\n`, 50);
    const after = await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
    expect(after).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(after).toBeLessThan(HEADERS_TIMEOUT_MS * 3);
  });

  it('cuts off a client that sends its body slower than the request timeout', async () => {
    const { socket, received, closed } = open(suite.gw);
    const body = JSON.stringify({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'x'.repeat(200) }] });
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${suite.gw.apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    trickle(socket, body, 50);
    const after = await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
    expect(after).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(after).toBeLessThan(REQUEST_TIMEOUT_MS * 3);
    expect(suite.fakes.byFlavor.get('deepseek')?.requests ?? []).toHaveLength(0);
  });

  it('lets a streamed answer last longer than the request timeout', async () => {
    const started = Date.now();
    const stream = await suite.client.chat.completions.create({
      model: 'deepseek-flash',
      stream: true,
      messages: [
        {
          role: 'user',
          content: `${directive('reply', 'one two three four five six seven eight')} ${directive('chunks', 8)} ${directive('delay_ms', 300)}`,
        },
      ],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS * 2);
    expect(text).toBe('one two three four five six seven eight');
  });

  it('keeps an idle keep-alive connection past the headers timeout, then closes it after the keep-alive timeout', async () => {
    const { socket, received, closed } = open(suite.gw);
    const get = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    socket.write(get);
    await new Promise((r) => setTimeout(r, HEADERS_TIMEOUT_MS * 2.5));
    socket.write(get);
    const after = await closed;
    expect(received().match(/HTTP\/1\.1 200/g)).toHaveLength(2);
    expect(after).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS * 2.5 + KEEP_ALIVE_TIMEOUT_MS);
  });
});

describe.each(MODES)('HTTP connection cap (%s)', (mode) => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway(mode, { HTTP_MAX_CONNECTIONS: '3' });
  });
  afterAll(() => gw?.close());

  it('closes connections beyond the cap at once, and serves again when one is free', async () => {
    const held = [open(gw), open(gw), open(gw)];
    await Promise.all(held.map((c) => new Promise((r) => c.socket.once('connect', r))));
    // Connected sockets reach the server's count only once accepted; give it a moment.
    await new Promise((r) => setTimeout(r, 200));
    const extra = open(gw);
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0].socket.destroy();
    await held[0].closed;
    await new Promise((r) => setTimeout(r, 200));
    const next = open(gw);
    next.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await next.closed;
    expect(next.received()).toMatch(/^HTTP\/1\.1 200/);
    for (const c of held) c.socket.destroy();
  });
});
