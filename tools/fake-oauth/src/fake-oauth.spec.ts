import { createHash, randomBytes } from 'node:crypto';
import { startFakeOAuthProvider, type FakeOAuthFlavor, type FakeOAuthProvider, type FakeOAuthUser } from './index';

const CLIENT = { clientId: 'client-app', clientSecret: 'app-secret' };
const OTHER_CLIENT = { clientId: 'client-other', clientSecret: 'other-secret' };
const REDIRECT_URI = 'http://127.0.0.1:4000/auth/callback';

const GITHUB_USER: FakeOAuthUser = {
  subject: '583231',
  email: 'octo.cat@example.com',
  name: 'Octo Cat',
  avatarUrl: 'https://avatars.example.com/u/583231',
};

const GOOGLE_USER: FakeOAuthUser = {
  subject: '109876543210987654321',
  email: 'ada@example.com',
  name: 'Ada Lovelace King',
  avatarUrl: 'https://lh3.example.com/a/ada',
  refreshToken: '1//refresh-ada',
};

interface Pkce {
  verifier: string;
  challenge: string;
}

function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(
  provider: FakeOAuthProvider,
  flavor: FakeOAuthFlavor,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(provider[flavor].authorizationURL);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function authorize(
  provider: FakeOAuthProvider,
  flavor: FakeOAuthFlavor,
  params: Record<string, string | undefined> = {},
): Promise<Response> {
  const defaults = {
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    state: 'st-1',
    scope: 'openid email',
  };
  return fetch(authorizeUrl(provider, flavor, { ...defaults, ...params }), { redirect: 'manual' });
}

function location(response: Response): URL {
  const header = response.headers.get('location');
  if (header === null) throw new Error(`no Location header (status ${response.status})`);
  return new URL(header);
}

async function codeFrom(response: Response): Promise<string> {
  expect(response.status).toBe(302);
  const code = location(response).searchParams.get('code');
  if (code === null) throw new Error(`no code in ${location(response).toString()}`);
  return code;
}

function token(
  provider: FakeOAuthProvider,
  flavor: FakeOAuthFlavor,
  form: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) body.set(key, value);
  return fetch(provider[flavor].tokenURL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body,
  });
}

function redeem(
  provider: FakeOAuthProvider,
  flavor: FakeOAuthFlavor,
  code: string,
  extra: Record<string, string | undefined> = {},
): Promise<Response> {
  return token(provider, flavor, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    ...extra,
  });
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  const parsed: unknown = await response.json();
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
  return parsed as Record<string, unknown>;
}

async function accessTokenOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = await jsonOf(response);
  if (typeof body['access_token'] !== 'string') throw new Error('no access_token');
  return body['access_token'];
}

async function expectInvalidGrant(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect((await jsonOf(response))['error']).toBe('invalid_grant');
}

function bearer(tokenValue: string, scheme = 'Bearer'): RequestInit {
  return { headers: { authorization: `${scheme} ${tokenValue}` } };
}

describe('fake OAuth provider', () => {
  let provider: FakeOAuthProvider;

  beforeAll(async () => {
    provider = await startFakeOAuthProvider({ clients: [CLIENT, OTHER_CLIENT] });
  });

  afterAll(async () => {
    await provider.close();
  });

  beforeEach(() => {
    provider.reset();
    provider.setUser('github', GITHUB_USER);
    provider.setUser('google', GOOGLE_USER);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('exposes loopback URLs per flavor', () => {
    expect(provider.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(provider.github).toEqual({
      authorizationURL: `${provider.origin}/github/authorize`,
      tokenURL: `${provider.origin}/github/token`,
      userProfileURL: `${provider.origin}/github/user`,
      userEmailURL: `${provider.origin}/github/user/emails`,
    });
    expect(provider.google).toEqual({
      authorizationURL: `${provider.origin}/google/authorize`,
      tokenURL: `${provider.origin}/google/token`,
      userProfileURL: `${provider.origin}/google/userinfo`,
    });
  });

  it('runs the GitHub code flow with PKCE through to the profile and emails', async () => {
    const { verifier, challenge } = pkce();
    const authorized = await authorize(provider, 'github', {
      scope: 'user:email',
      state: 'a b&c=d/é',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(authorized.status).toBe(302);
    const redirect = location(authorized);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('a b&c=d/é');
    const code = await codeFrom(authorized);

    const issued = await redeem(provider, 'github', code, { code_verifier: verifier });
    expect(issued.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await jsonOf(issued);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'user:email',
    });
    const access = String(body['access_token']);

    const profile = await fetch(provider.github.userProfileURL, bearer(access, 'token'));
    expect(profile.status).toBe(200);
    expect(await profile.json()).toEqual({
      id: 583231,
      login: 'octo-cat',
      name: 'Octo Cat',
      email: 'octo.cat@example.com',
      avatar_url: 'https://avatars.example.com/u/583231',
      html_url: 'https://github.com/octo-cat',
    });

    const emails = await fetch(provider.github.userEmailURL, bearer(access));
    expect(emails.status).toBe(200);
    expect(await emails.json()).toEqual([
      { email: 'octo.cat@example.com', primary: true, verified: true, visibility: 'public' },
    ]);
  });

  it('runs the Google code flow with PKCE, a refresh token and userinfo', async () => {
    const { verifier, challenge } = pkce();
    const authorized = await authorize(provider, 'google', {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code = await codeFrom(authorized);
    expect(location(authorized).searchParams.get('state')).toBe('st-1');

    const body = await jsonOf(await redeem(provider, 'google', code, { code_verifier: verifier }));
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'openid email',
      refresh_token: '1//refresh-ada',
    });

    const info = await fetch(provider.google.userProfileURL, bearer(String(body['access_token'])));
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({
      sub: '109876543210987654321',
      name: 'Ada Lovelace King',
      given_name: 'Ada',
      family_name: 'Lovelace King',
      picture: 'https://lh3.example.com/a/ada',
      email: 'ada@example.com',
      email_verified: true,
    });

    // passport-google-oauth20 sends the token in the query string rather than a header.
    const viaQuery = await fetch(
      `${provider.google.userProfileURL}?access_token=${encodeURIComponent(String(body['access_token']))}`,
    );
    expect(viaQuery.status).toBe(200);
    const both = await fetch(`${provider.google.userProfileURL}?access_token=x`, bearer(String(body['access_token'])));
    expect(both.status).toBe(400);
  });

  it('accepts client credentials in HTTP Basic auth and omits state when none was sent', async () => {
    const authorized = await authorize(provider, 'github', { state: undefined });
    expect(location(authorized).searchParams.has('state')).toBe(false);
    const code = await codeFrom(authorized);
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
    const issued = await token(
      provider,
      'github',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { authorization: `Basic ${basic}` },
    );
    expect(issued.status).toBe(200);
  });

  it('keeps an existing query string on the redirect_uri', async () => {
    const redirectUri = `${REDIRECT_URI}?next=%2Fdashboard`;
    const redirect = location(await authorize(provider, 'google', { redirect_uri: redirectUri }));
    expect(redirect.searchParams.get('next')).toBe('/dashboard');
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('redirects with access_denied when no user consents', async () => {
    provider.reset();
    const redirect = location(await authorize(provider, 'github'));
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(redirect.searchParams.has('code')).toBe(false);

    provider.setUser('google', null);
    expect(location(await authorize(provider, 'google')).searchParams.get('error')).toBe('access_denied');
  });

  it.each([
    ['an unknown client', { client_id: 'nobody' }],
    ['a missing client_id', { client_id: undefined }],
    ['a missing redirect_uri', { redirect_uri: undefined }],
    ['a relative redirect_uri', { redirect_uri: '/auth/callback' }],
    ['a non-code response_type', { response_type: 'token' }],
    ['a missing response_type', { response_type: undefined }],
  ])('answers %s at /authorize with a 400 page instead of redirecting', async (_label, params) => {
    const response = await authorize(provider, 'github', params);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('rejects a plain or malformed PKCE challenge at /authorize', async () => {
    const plain = location(await authorize(provider, 'google', { code_challenge: pkce().challenge }));
    expect(plain.searchParams.get('error')).toBe('invalid_request');
    const malformed = location(
      await authorize(provider, 'google', { code_challenge: 'short', code_challenge_method: 'S256' }),
    );
    expect(malformed.searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts a code once and revokes the first token on replay', async () => {
    const code = await codeFrom(await authorize(provider, 'github'));
    const access = await accessTokenOf(await redeem(provider, 'github', code));
    expect((await fetch(provider.github.userProfileURL, bearer(access))).status).toBe(200);

    await expectInvalidGrant(await redeem(provider, 'github', code));
    expect((await fetch(provider.github.userProfileURL, bearer(access))).status).toBe(401);
  });

  it('rejects a redirect_uri that differs from the authorization request, and burns the code', async () => {
    const code = await codeFrom(await authorize(provider, 'google'));
    await expectInvalidGrant(await redeem(provider, 'google', code, { redirect_uri: 'http://127.0.0.1:4000/evil' }));
    await expectInvalidGrant(await redeem(provider, 'google', code, { redirect_uri: undefined }));
    await expectInvalidGrant(await redeem(provider, 'google', code));
  });

  it('rejects a wrong client secret with 401 invalid_client without burning the code', async () => {
    const code = await codeFrom(await authorize(provider, 'github'));
    const wrong = await redeem(provider, 'github', code, { client_secret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(await jsonOf(wrong)).toEqual({ error: 'invalid_client', error_description: expect.any(String) });

    const badBasic = Buffer.from(`${CLIENT.clientId}:guess`).toString('base64');
    const viaBasic = await token(
      provider,
      'github',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { authorization: `Basic ${badBasic}` },
    );
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.headers.get('www-authenticate')).toMatch(/^Basic/);

    expect((await redeem(provider, 'github', code)).status).toBe(200);
  });

  it('rejects a code issued to another client', async () => {
    const code = await codeFrom(await authorize(provider, 'github', { client_id: OTHER_CLIENT.clientId }));
    await expectInvalidGrant(await redeem(provider, 'github', code));
  });

  it('keeps the flavors apart', async () => {
    const code = await codeFrom(await authorize(provider, 'github'));
    await expectInvalidGrant(await redeem(provider, 'google', code));
    const access = await accessTokenOf(await redeem(provider, 'github', code));
    expect((await fetch(provider.google.userProfileURL, bearer(access))).status).toBe(401);
  });

  it('rejects a missing or wrong code_verifier when a challenge was sent', async () => {
    const { challenge } = pkce();
    const missing = await codeFrom(
      await authorize(provider, 'google', { code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    await expectInvalidGrant(await redeem(provider, 'google', missing));

    const wrong = await codeFrom(
      await authorize(provider, 'google', { code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    await expectInvalidGrant(await redeem(provider, 'google', wrong, { code_verifier: pkce().verifier }));
  });

  it('ignores a code_verifier when no challenge was recorded', async () => {
    const code = await codeFrom(await authorize(provider, 'github'));
    expect((await redeem(provider, 'github', code, { code_verifier: pkce().verifier })).status).toBe(200);
  });

  it('rejects an expired code', async () => {
    const code = await codeFrom(await authorize(provider, 'google'));
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expectInvalidGrant(await redeem(provider, 'google', code));
  });

  it('rejects unknown codes, other grant types and non-form bodies', async () => {
    await expectInvalidGrant(await redeem(provider, 'github', 'made-up'));
    const refresh = await redeem(provider, 'google', 'x', { grant_type: 'refresh_token' });
    expect(refresh.status).toBe(400);
    expect((await jsonOf(refresh))['error']).toBe('unsupported_grant_type');
    const asJson = await fetch(provider.github.tokenURL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    });
    expect(asJson.status).toBe(400);
    expect((await jsonOf(asJson))['error']).toBe('invalid_request');
  });

  it('answers bad or missing tokens at the profile endpoints with 401', async () => {
    const githubUser = await fetch(provider.github.userProfileURL, bearer('gho_nope', 'token'));
    expect(githubUser.status).toBe(401);
    expect(await githubUser.json()).toEqual({ message: 'Bad credentials', documentation_url: expect.any(String) });
    expect((await fetch(provider.github.userEmailURL)).status).toBe(401);
    const google = await fetch(provider.google.userProfileURL, bearer('ya29.nope'));
    expect(google.status).toBe(401);
    expect(google.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('hides GitHub emails from a token without an email scope', async () => {
    const code = await codeFrom(await authorize(provider, 'github', { scope: 'read:user' }));
    const access = await accessTokenOf(await redeem(provider, 'github', code));
    expect((await fetch(provider.github.userEmailURL, bearer(access))).status).toBe(404);
  });

  it('uses an explicit GitHub login and validates GitHub subjects', async () => {
    provider.setUser('github', { ...GITHUB_USER, login: 'octocat' });
    const code = await codeFrom(await authorize(provider, 'github'));
    const access = await accessTokenOf(await redeem(provider, 'github', code));
    const profile = await jsonOf(await fetch(provider.github.userProfileURL, bearer(access)));
    expect(profile['login']).toBe('octocat');
    expect(profile['html_url']).toBe('https://github.com/octocat');
    expect(() => provider.setUser('github', { ...GITHUB_USER, subject: 'abc' })).toThrow();
  });

  it('records every request and forgets them on reset', async () => {
    const code = await codeFrom(await authorize(provider, 'github'));
    await redeem(provider, 'github', code);
    expect(provider.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /github/authorize',
      'POST /github/token',
    ]);
    const [authorizeRequest, tokenRequest] = provider.requests;
    expect(authorizeRequest?.query).toMatchObject({
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
    });
    expect(tokenRequest?.body).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');

    const held = provider.requests;
    provider.reset();
    expect(held).toHaveLength(0);
  });
});
