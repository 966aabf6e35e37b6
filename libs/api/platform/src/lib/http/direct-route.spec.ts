import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { serveDirect } from './direct-route';

describe('serveDirect', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', false);
    const mark = (_req: Request, res: Response, next: NextFunction): void => {
      res.setHeader('x-mark', 'yes');
      next();
    };
    const json = express.json({ limit: 20 });
    const onError = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
      if (!err) return next();
      res.status(400).json({ error: 'body' });
    };
    const route = (req: Request, res: Response): void => {
      seen.push('direct');
      res.status(200).json({ body: req.body as unknown, ip: req.ip, url: req.originalUrl });
    };
    app.use(mark);
    app.use(json);
    app.use(onError);
    app.post('/v1/things', (req: Request, res: Response) => {
      seen.push('express');
      res.status(200).json({ body: req.body as unknown });
    });
    server = createServer(app);
    serveDirect(server, app, { method: 'POST', path: '/v1/things', handlers: [mark, json, route], onError });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => seen.splice(0));

  const post = (path: string, body: string): Promise<globalThis.Response> =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('runs the middleware and the handler with Express request and response methods', async () => {
    const res = await post('/v1/things?x=1', '{"a":1}');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mark')).toBe('yes');
    expect(await res.json()).toEqual({ body: { a: 1 }, ip: '127.0.0.1', url: '/v1/things?x=1' });
    expect(seen).toEqual(['direct']);
  });

  it("answers an error passed to next with the app's error middleware", async () => {
    const res = await post('/v1/things', '{"a":"far too long for the limit"}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'body' });
    expect(seen).toEqual([]);
  });

  it('leaves every other spelling and method to the Express app', async () => {
    expect((await post('/V1/things', '{"a":2}')).status).toBe(200);
    expect((await post('/v1/things/', '{"a":3}')).status).toBe(200);
    expect((await fetch(`${base}/v1/things`)).status).toBe(404);
    expect(seen).toEqual(['express', 'express']);
  });
});
