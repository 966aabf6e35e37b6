import { AppConfig } from '@vipcloud/platform';
import { billingConfig, DEFAULT_PADDLE_JS_URL } from './billing.config';

const settingsOf = (env: Record<string, string>) => new AppConfig(env, [billingConfig]).settings(billingConfig);

describe('billing settings: the portal checkout', () => {
  it('offers checkout only with both the API key and the client-side token', () => {
    expect(settingsOf({}).checkout).toBeNull();
    expect(settingsOf({ PADDLE_API_KEY: 'pdl_sdbx_apikey_x' }).checkout).toBeNull();
    expect(settingsOf({ PADDLE_CLIENT_TOKEN: 'test_abc' }).checkout).toBeNull();
    expect(settingsOf({ PADDLE_API_KEY: 'pdl_sdbx_apikey_x', PADDLE_CLIENT_TOKEN: ' ' }).checkout).toBeNull();
    expect(settingsOf({ PADDLE_API_KEY: 'pdl_sdbx_apikey_x', PADDLE_CLIENT_TOKEN: 'test_abc' }).checkout).toEqual({
      processor: 'paddle',
      scriptUrl: DEFAULT_PADDLE_JS_URL,
      clientToken: 'test_abc',
      environment: 'sandbox',
    });
  });

  it("loads Paddle.js from Paddle's CDN unless told otherwise, and only over http(s)", () => {
    expect(DEFAULT_PADDLE_JS_URL).toBe('https://cdn.paddle.com/paddle/v2/paddle.js');
    const env = { PADDLE_API_KEY: 'k', PADDLE_CLIENT_TOKEN: 'live_abc', PADDLE_ENVIRONMENT: 'production' };
    expect(settingsOf({ ...env, PADDLE_JS_URL: 'http://127.0.0.1:4010/paddle.js' }).checkout).toMatchObject({
      scriptUrl: 'http://127.0.0.1:4010/paddle.js',
      environment: 'production',
    });
    expect(settingsOf({ ...env, PADDLE_JS_URL: '' }).checkout?.scriptUrl).toBe(DEFAULT_PADDLE_JS_URL);
    for (const bad of ['ftp://cdn.paddle.com/paddle.js', 'javascript:alert(1)', 'cdn.paddle.com/paddle.js', 'https://'])
      expect(() => settingsOf({ ...env, PADDLE_JS_URL: bad })).toThrow(/PADDLE_JS_URL must be an http\(s\) URL/);
  });
});
