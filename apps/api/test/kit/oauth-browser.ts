import type { FakeOAuthClient, FakeOAuthProvider } from '@vipcloud/fake-oauth';
import type { Gateway } from '../support/gateway-harness';

/** The client ids and secrets the API is configured with against the fake provider (fakeOAuthEnv). */
export const FAKE_OAUTH_CLIENTS: FakeOAuthClient[] = [
  { clientId: 'gh-id', clientSecret: 'gh-secret' },
  { clientId: 'g-id', clientSecret: 'g-secret' },
];

/** The API's GitHub and Google settings pointing at the fake provider. */
export function fakeOAuthEnv(idp: FakeOAuthProvider): Record<string, string> {
  return {
    GITHUB_CLIENT_ID: 'gh-id',
    GITHUB_CLIENT_SECRET: 'gh-secret',
    GITHUB_AUTHORIZATION_URL: idp.github.authorizationURL,
    GITHUB_TOKEN_URL: idp.github.tokenURL,
    GITHUB_USER_PROFILE_URL: idp.github.userProfileURL,
    GITHUB_USER_EMAIL_URL: idp.github.userEmailURL,
    GOOGLE_CLIENT_ID: 'g-id',
    GOOGLE_CLIENT_SECRET: 'g-secret',
    GOOGLE_AUTHORIZATION_URL: idp.google.authorizationURL,
    GOOGLE_TOKEN_URL: idp.google.tokenURL,
    GOOGLE_USER_PROFILE_URL: idp.google.userProfileURL,
  };
}

/** A browser: follows nothing by itself, keeps cookies per host. */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, as sent. */
  readonly setCookies: string[] = [];

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async graphql(
    gw: Gateway,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data?: Record<string, unknown>; errors?: Array<{ extensions: { code: string; reason?: string } }> }> {
    const res = await this.send(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return res.json() as Promise<{
      data?: Record<string, unknown>;
      errors?: Array<{ extensions: { code: string; reason?: string } }>;
    }>;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        ...(jar ? { cookie: jar } : {}),
        'user-agent': 'TestBrowser/1.0',
      },
    });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }

  /** Runs the whole redirect dance from our /auth/<provider> to our callback; returns where it lands. */
  async signInWith(gw: Gateway, provider: 'github' | 'google', next?: string): Promise<URL> {
    const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
    const start = await this.get(`${gw.url}/auth/${provider}${query}`);
    expect(start.status).toBe(302);
    const consent = await this.get(start.headers.get('location') as string);
    expect(consent.status).toBe(302);
    const back = await this.get(consent.headers.get('location') as string);
    expect(back.status).toBe(302);
    return new URL(back.headers.get('location') as string);
  }
}

