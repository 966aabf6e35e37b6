import { request as httpRequest } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson, type LoopbackServer } from './index';

/** Posts a body over a fresh connection and returns the status and text of the answer. */
function post(origin: string, body: string): Promise<{ status: number; text: string; length: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}/`, { method: 'POST' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          length: res.headers['content-length'],
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('server kit', () => {
  let server: LoopbackServer | undefined;
  afterEach(() => server?.close());

  it('listens on loopback on a free port and answers JSON with its length', async () => {
    server = await listenOnLoopback((req, res) => {
      readBody(req, 1024).then((text) => sendJson(res, 201, { echo: text }));
    });
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const res = await post(server.origin, 'héllo');
    expect(res).toEqual({
      status: 201,
      text: '{"echo":"héllo"}',
      length: String(Buffer.byteLength('{"echo":"héllo"}')),
    });
  });

  it('refuses a body over the limit and can still answer on the same request', async () => {
    const errors: unknown[] = [];
    server = await listenOnLoopback((req, res) => {
      readBody(req, 10).catch((error: unknown) => {
        errors.push(error);
        sendJson(res, 413, { error: 'too large' });
      });
    });
    const res = await post(server.origin, 'x'.repeat(100_000));
    expect(res.status).toBe(413);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(BodyTooLargeError);
  });

  it('closes with connections still open, once, however often it is asked', async () => {
    let opened = 0;
    // A handler that never answers: the client's socket stays open until the server drops it.
    server = await listenOnLoopback(() => void opened++);
    const hanging = post(server.origin, 'wait').catch((error: unknown) => error);
    while (opened === 0) await new Promise((r) => setTimeout(r, 5));
    await Promise.all([server.close(), server.close()]);
    expect(String(await hanging)).toMatch(/socket hang up|ECONNRESET/);
    await expect(fetch(server.origin)).rejects.toThrow();
  });

  it('reports a port already in use', async () => {
    server = await listenOnLoopback(() => undefined);
    await expect(listenOnLoopback(() => undefined, server.port)).rejects.toThrow(/EADDRINUSE/);
  });
});
