/**
 * The gateway's own failures are not the upstream's: an exception raised before anything is sent
 * (here, a body too deeply nested to serialise) answers the caller with an error in OpenAI's shape,
 * sends nothing upstream and cools no route down, so the next request on the same route works.
 */
import request from 'supertest';
import { logRow, MODES, PROVIDER_CASES, useGatewayWithFakes } from './kit';

const deepseek = PROVIDER_CASES.filter((c) => c.flavor === 'deepseek');
/** Deep enough that JSON.stringify overflows the stack, shallow enough for the body limit. */
const DEPTH = 5000;

function deeplyNestedBody(stream: boolean): string {
  const messages = JSON.stringify([{ role: 'user', content: 'hi' }]);
  // Written by hand: the test's own JSON.stringify could not serialise such an array either.
  const extra = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  return `{"model":"deepseek-flash","stream":${String(stream)},"messages":${messages},"extra":${extra}}`;
}

describe.each(MODES)('local failures (%s)', (mode) => {
  // One route only, with the default cool-downs: a route wrongly cooled down would turn the next request into a 503.
  const suite = useGatewayWithFakes(mode);
  const fake = () => {
    const f = suite.fakes.byFlavor.get(deepseek[0].flavor);
    if (!f) throw new Error('no deepseek fake');
    return f;
  };
  const chat = (): request.Test =>
    request(suite.gw.url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${suite.gw.apiKey}`)
      .set('content-type', 'application/json');

  it.each([false, true])(
    'answers a body that cannot be serialised with an OpenAI error and leaves the route usable (stream: %s)',
    async (stream) => {
      const bad = await chat().send(deeplyNestedBody(stream));
      // A nesting limit at validation may turn this into a 400; either way it is no upstream failure.
      expect([400, 500]).toContain(bad.status);
      expect(bad.headers['content-type']).toMatch(/application\/json/);
      expect(bad.body).toEqual({
        error: {
          message: expect.any(String),
          type: bad.status === 500 ? 'api_error' : 'invalid_request_error',
          param: bad.body.error.param === null ? null : expect.any(String),
          code: expect.any(String),
        },
      });
      if (bad.status === 500) expect(bad.body.error.code).toBe('internal_error');
      expect(JSON.stringify(bad.body)).not.toMatch(/reach the upstream|upstream provider/i);
      expect(fake().requests).toHaveLength(0);
      if (bad.status === 500) {
        const row = await logRow(suite.gw, bad.headers['x-request-id'] as string);
        expect([row['status'], row['error_code']]).toEqual([500, 'internal_error']);
      }

      const good = await chat().send({
        model: 'deepseek-flash',
        messages: [{ role: 'user', content: 'hi again' }],
      });
      expect(good.status).toBe(200);
      expect(good.body.choices[0].message.content).toEqual(expect.any(String));
      expect(fake().requests).toHaveLength(1);
      const row = await logRow(suite.gw, good.headers['x-request-id'] as string);
      expect([row['status'], row['attempts']]).toEqual([200, 1]);
    },
  );
});
