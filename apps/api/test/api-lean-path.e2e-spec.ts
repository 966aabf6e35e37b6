/**
 * /v1 skips what its answers do not need: helmet's document headers (frame, opener, referrer
 * policies…) and pino-http's per-request logger. What stays: nosniff and HSTS on every answer, and
 * one access line per request (method, path without the query, status, time; never headers or bodies).
 */
import request from 'supertest';
import { eventually, readLog, useGatewayWithFakes } from './kit';

const HSTS = 'max-age=31536000; includeSubDomains';

interface LogLine {
  msg?: string;
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

const lines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

describe('the lean /v1 path (sqlite)', () => {
  const suite = useGatewayWithFakes('sqlite');

  it('answers /v1 with nosniff and HSTS only, and the other routes with the full set', async () => {
    const api = await request(suite.gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${suite.gw.apiKey}`)
      .send({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Hi' }] });
    expect(api.status).toBe(200);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['strict-transport-security']).toBe(HSTS);
    for (const header of ['x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'x-dns-prefetch-control'])
      expect(api.headers[header]).toBeUndefined();

    const health = await request(suite.gw.url).get('/healthz');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['strict-transport-security']).toBe(HSTS);
    expect(health.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(health.headers['referrer-policy']).toBe('no-referrer');
  });

  it('writes one access line per /v1 request, without its query string', async () => {
    const res = await request(suite.gw.url)
      .post('/v1/chat/completions?trace=secret-query')
      .set('authorization', `Bearer ${suite.gw.apiKey}`)
      .send({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Hi' }] });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    const mine = () => lines(readLog(suite.gw)).filter((l) => l.req?.id === id);
    await eventually(async () => mine().length > 0);
    expect(mine()).toEqual([
      {
        ...mine()[0],
        msg: 'request completed',
        req: { id, method: 'POST', url: '/v1/chat/completions' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      },
    ]);
    expect(readLog(suite.gw)).not.toContain('secret-query');

    const bad = await request(suite.gw.url).get('/v1/models').set('authorization', 'Bearer sk-nope');
    expect(bad.status).toBe(401);
    const badId = bad.headers['x-request-id'] as string;
    await eventually(async () => lines(readLog(suite.gw)).some((l) => l.req?.id === badId));
    expect(lines(readLog(suite.gw)).filter((l) => l.req?.id === badId)).toHaveLength(1);
  });
});
