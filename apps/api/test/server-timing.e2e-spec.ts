/**
 * Every /v1 answer tells the caller where its time went: `Server-Timing: gateway;dur=…, upstream;dur=…`
 * (milliseconds). Whole answers, errors before and after the upstream, and streams, whose headers leave
 * with the first chunk and so carry the time up to the upstream's first chunk.
 */
import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { directive, useGatewayWithFakes } from './kit';

const HEADER = /^gateway;dur=(\d+\.\d{2})(?:, upstream;dur=(\d+\.\d{2}))?$/;

/** The two figures of a Server-Timing header (upstream null when no upstream was called). */
function timing(res: request.Response): { gateway: number; upstream: number | null } {
  const value = res.headers['server-timing'] as string | undefined;
  expect(value).toMatch(HEADER);
  const [, gateway, upstream] = HEADER.exec(value as string) as RegExpExecArray;
  return { gateway: Number(gateway), upstream: upstream === undefined ? null : Number(upstream) };
}

describe('Server-Timing on /v1 (sqlite)', () => {
  const suite = useGatewayWithFakes('sqlite');
  const post = (body: object, key = suite.gw.apiKey) =>
    request(suite.gw.url).post('/v1/chat/completions').set('authorization', `Bearer ${key}`).send(body);

  it("splits a whole answer's time between the gateway and the upstream", async () => {
    const started = performance.now();
    const res = await post({
      model: 'deepseek-flash',
      messages: [{ role: 'user', content: `Hi ${directive('delay_ms', 40)}` }],
    });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    const { gateway, upstream } = timing(res);
    // The upstream's deliberate delay is the upstream's, not the gateway's.
    expect(upstream).toBeGreaterThanOrEqual(40);
    expect(gateway).toBeGreaterThan(0);
    // Both parts happened inside the call the client saw.
    expect(gateway + (upstream ?? 0)).toBeLessThanOrEqual(elapsed);
  });

  it('is on errors too: without an upstream part when none was called, with it when the upstream refused', async () => {
    const badKey = await post({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Hi' }] }, 'sk-nope');
    expect(badKey.status).toBe(401);
    expect(timing(badKey).upstream).toBeNull();

    const invalid = await request(suite.gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${suite.gw.apiKey}`)
      .set('content-type', 'application/json')
      .send('{"model":');
    expect(invalid.status).toBe(400);
    expect(timing(invalid).upstream).toBeNull();

    const unknownModel = await post({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] });
    expect(unknownModel.status).toBe(404);
    expect(timing(unknownModel).upstream).toBeNull();

    const refused = await post({
      model: 'deepseek-flash',
      messages: [{ role: 'user', content: `Hi ${directive('error', 'context')}` }],
    });
    expect(refused.status).toBe(400);
    const { gateway, upstream } = timing(refused);
    expect(gateway).toBeGreaterThan(0);
    expect(upstream).toBeGreaterThan(0);

    const unknownRoute = await request(suite.gw.url).get('/v1/nope');
    expect(unknownRoute.status).toBe(404);
    expect(timing(unknownRoute).upstream).toBeNull();
  });

  it("sends a stream's timing with its headers: the gateway's part and the upstream's up to its first chunk", async () => {
    // Two keep-alive comments (20 ms apart) before the first data chunk: time the upstream spent.
    const res = await post({
      model: 'deepseek-flash',
      stream: true,
      messages: [{ role: 'user', content: `Hi ${directive('keepalive', 2)} ${directive('chunks', 4)}` }],
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.text).toContain('data: [DONE]');
    const { gateway, upstream } = timing(res);
    expect(upstream).toBeGreaterThanOrEqual(40);
    expect(gateway).toBeGreaterThan(0);
  });

  it('is only on /v1', async () => {
    const health = await request(suite.gw.url).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers['server-timing']).toBeUndefined();
  });
});
