/**
 * Sign-in with GitHub and Google through their real passport strategies, against a strict local
 * OAuth server: sign-up with consent, sign-in, linking from a session, and the attacks.
 */
import { randomBytes } from 'node:crypto';
import { FakeOAuthProvider, FakeOAuthUser, startFakeOAuthProvider } from '@vipcloud/fake-oauth';
import { TokenCipher, parseEncryptionKeys } from '@vipcloud/platform';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  freePort,
  Gateway,
  legalManifestFixture,
  manifestVersion,
  MODES,
  SESSION_COOKIE,
  startGateway,
  writeLegalManifest,
} from './kit';
import { Browser, FAKE_OAUTH_CLIENTS, fakeOAuthEnv } from './kit/oauth-browser';

/** The Terms version sign-up must accept: the manifest's newest in effect (a second, non-material one here). */
const CURRENT_TERMS = '2026-06-01';
const LEGAL_MANIFEST = legalManifestFixture({
  terms: [
    manifestVersion('terms', '2026-04-26'),
    manifestVersion('terms', CURRENT_TERMS, { summary: 'Clarifies the refund section.' }),
    // Published ahead of its day: not the current version until then.
    manifestVersion('terms', '2099-01-01', { summary: 'Not in effect yet.' }),
  ],
});

const user = (n: number, extra: Partial<FakeOAuthUser> = {}): FakeOAuthUser => ({
  subject: String(100000 + n),
  email: `person${n}@example.com`,
  name: `Person ${n}`,
  avatarUrl: `https://avatars.example/${n}.png`,
  ...extra,
});

describe.each(MODES)('sign-in with GitHub and Google (%s)', (mode) => {
  let idp: FakeOAuthProvider;
  let gw: Gateway;
  let keys: string;
  let termsVersion: string;

  beforeAll(async () => {
    idp = await startFakeOAuthProvider({ clients: FAKE_OAUTH_CLIENTS });
    const port = await freePort();
    keys = `k1:${randomBytes(32).toString('base64')}`;
    gw = await startGateway(
      mode,
      {
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TOKEN_ENCRYPTION_KEYS: keys,
        ...fakeOAuthEnv(idp),
        LEGAL_MANIFEST_PATH: writeLegalManifest(LEGAL_MANIFEST),
      },
      port,
    );
    const current = await new Browser().graphql(gw, '{ currentTermsVersion }');
    termsVersion = current.data?.['currentTermsVersion'] as string;
    expect(termsVersion).toBe(CURRENT_TERMS);
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.close();
  });

  async function signUp(browser: Browser, provider: 'github' | 'google'): Promise<string> {
    const landed = await browser.signInWith(gw, provider);
    expect(landed.pathname).toBe('/signup');
    const done = await browser.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id email } }',
      {
        p: landed.searchParams.get('pending'),
        v: termsVersion,
      },
    );
    expect(done.errors).toBeUndefined();
    return (done.data?.['completeSignUp'] as { id: string }).id;
  }

  it('signs up with GitHub after age and Terms consent, keeping only the policy’s profile fields', async () => {
    idp.setUser('github', user(1, { refreshToken: 'gh-refresh-secret-1' }));
    const browser = new Browser();
    const preAuth = new Map(browser.cookies);
    const landed = await browser.signInWith(gw, 'github');
    expect(landed.pathname).toBe('/signup');
    // No account exists before consent.
    expect(await gw.dataSource.query('SELECT id FROM accounts WHERE email = ?', ['person1@example.com'])).toEqual([]);
    const refused = await browser.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: false, acceptTermsVersion: $v) { id } }',
      {
        p: landed.searchParams.get('pending'),
        v: termsVersion,
      },
    );
    expect(refused.errors?.[0].extensions.reason).toBe('consent_required');
    // Only the manifest's current version is accepted: not an older one, nor one not in effect yet.
    for (const outdated of ['2026-04-26', '2099-01-01']) {
      const stale = await browser.graphql(
        gw,
        'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id } }',
        { p: landed.searchParams.get('pending'), v: outdated },
      );
      expect(stale.errors?.[0].extensions.reason).toBe('consent_required');
    }

    const before = browser.cookies.get(SESSION_COOKIE);
    const ok = await browser.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id email } }',
      {
        p: landed.searchParams.get('pending'),
        v: termsVersion,
      },
    );
    expect(ok.data?.['completeSignUp']).toMatchObject({ email: 'person1@example.com' });
    expect(browser.cookies.get(SESSION_COOKIE)).not.toBe(before);
    expect(preAuth.size).toBe(0);
    const me = await browser.graphql(gw, '{ me { email } }');
    expect(me.data?.['me']).toEqual({ email: 'person1@example.com' });
    // Essential cookies only: the whole flow sets nothing but the session cookie, always HttpOnly.
    expect(new Set(browser.setCookies.map((c) => c.split('=')[0]))).toEqual(new Set([SESSION_COOKIE]));
    for (const c of browser.setCookies)
      for (const flag of ['HttpOnly', 'SameSite=Lax', 'Path=/']) expect(c).toContain(flag);

    const [account] = await gw.dataSource.query('SELECT * FROM accounts WHERE email = ?', ['person1@example.com']);
    expect(account).toMatchObject({
      display_name: 'Person 1',
      avatar_url: 'https://avatars.example/1.png',
      terms_version: termsVersion,
    });
    expect(account.adult_confirmed_at).toBeTruthy();
    const [identity] = await gw.dataSource.query('SELECT * FROM oauth_identities WHERE account_id = ?', [account.id]);
    expect(identity).toMatchObject({ provider: 'github', subject: '100001' });
    expect(identity.refresh_token_sealed).toMatch(/^v1\.k1\./);
    expect(JSON.stringify(await gw.dataSource.query('SELECT * FROM oauth_identities'))).not.toContain(
      'gh-refresh-secret-1',
    );
    const cipher = new TokenCipher(parseEncryptionKeys(keys));
    expect(cipher.decrypt(identity.refresh_token_sealed, identity.id)).toBe('gh-refresh-secret-1');
  });

  it('signs an existing user in with a new session token, whatever cookie the browser held (no fixation)', async () => {
    idp.setUser('github', user(1));
    const browser = new Browser();
    browser.cookies.set(SESSION_COOKIE, 'attacker-chosen-value');
    const landed = await browser.signInWith(gw, 'github');
    expect(landed.pathname).toBe('/portal');
    expect(browser.cookies.get(SESSION_COOKIE)).not.toBe('attacker-chosen-value');
    expect((await browser.graphql(gw, '{ me { email } }')).data?.['me']).toEqual({ email: 'person1@example.com' });
    const attacker = new Browser();
    attacker.cookies.set(SESSION_COOKIE, 'attacker-chosen-value');
    expect((await attacker.graphql(gw, '{ me { email } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('links Google only from a signed-in session, and never by matching emails', async () => {
    idp.setUser('github', user(2));
    const browser = new Browser();
    const accountId = await signUp(browser, 'github');
    idp.setUser('google', user(2, { subject: 'google-sub-2', refreshToken: 'g-refresh-2' }));
    const linked = await browser.signInWith(gw, 'google');
    expect(`${linked.pathname}${linked.search}`).toBe('/portal/settings?linked=google');
    const ids = await gw.dataSource.query(
      'SELECT provider FROM oauth_identities WHERE account_id = ? ORDER BY provider',
      [accountId],
    );
    expect(ids.map((r: { provider: string }) => r.provider)).toEqual(['github', 'google']);
    // The portal shows both, in a fixed order, and the name from the first provider's profile.
    const me = await browser.graphql(gw, '{ me { displayName signInMethods } }');
    expect(me.data?.['me']).toEqual({ displayName: 'Person 2', signInMethods: ['github', 'google'] });
    // Google's PKCE: the authorization request carried an S256 challenge.
    const authorize = idp.requests.filter((r) => r.path.endsWith('/google/authorize')).pop();
    expect(authorize?.query['code_challenge_method']).toBe('S256');

    // A different Google user with the same email as an existing account is not linked to it.
    idp.setUser('google', user(2, { subject: 'google-sub-other' }));
    const stranger = new Browser();
    const landed = await stranger.signInWith(gw, 'google');
    expect(landed.pathname).toBe('/signup');
    const res = await stranger.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id } }',
      {
        p: landed.searchParams.get('pending'),
        v: termsVersion,
      },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'email_in_use' });
  });

  it('does not link when the session that started linking has ended meanwhile', async () => {
    idp.setUser('github', user(4));
    const browser = new Browser();
    await signUp(browser, 'github');
    idp.setUser('google', user(4, { subject: 'google-sub-4' }));
    const start = await browser.get(`${gw.url}/auth/google`);
    const consent = await browser.get(start.headers.get('location') as string);
    // The owner signs every session out (say, after noticing a stolen cookie) before the callback.
    await browser.graphql(gw, 'mutation { endAllSessions }');
    const back = await browser.get(consent.headers.get('location') as string);
    expect(back.headers.get('location')).toMatch(/\/signin\?error=sign_in_required$/);
    expect(await gw.dataSource.query("SELECT id FROM oauth_identities WHERE subject = 'google-sub-4'")).toEqual([]);
  });

  it('returns to the portal page the sign-in started from, and to no other place', async () => {
    idp.setUser('github', user(6));
    const first = new Browser();
    const signUpPage = await first.signInWith(gw, 'github');
    const done = await first.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id } }',
      { p: signUpPage.searchParams.get('pending'), v: termsVersion },
    );
    expect(done.errors).toBeUndefined();
    const landing = async (next: string): Promise<string> => {
      const url = await new Browser().signInWith(gw, 'github', next);
      return `${url.pathname}${url.search}`;
    };
    expect(await landing('/portal/receipt?purchase=abc')).toBe('/portal/receipt?purchase=abc');
    expect(await landing('/zh-cn/portal/keys')).toBe('/zh-cn/portal/keys');
    for (const hostile of [
      '//evil.example/portal',
      'https://evil.example/portal',
      '/docs',
      '/portal/../docs',
      '/\\evil.example',
    ]) {
      expect(await landing(hostile)).toBe('/portal');
    }
  });

  it('lands a visitor who chose Chinese on the Chinese pages, whatever the outcome', async () => {
    idp.setUser('github', user(5));
    const browser = new Browser();
    browser.cookies.set('vc_lang', 'zh-CN');
    const signUpPage = await browser.signInWith(gw, 'github');
    expect(signUpPage.pathname).toBe('/zh-cn/signup');
    expect(signUpPage.searchParams.get('pending')).toMatch(/^[\w-]{20,}$/);
    const done = await browser.graphql(
      gw,
      'mutation($p: String!, $v: String!) { completeSignUp(pending: $p, confirmAdult: true, acceptTermsVersion: $v) { id } }',
      { p: signUpPage.searchParams.get('pending'), v: termsVersion },
    );
    expect(done.errors).toBeUndefined();
    // Another browser signs the same user in; the first one, signed in already, links Google.
    const again = new Browser();
    again.cookies.set('vc_lang', 'zh-CN');
    const portal = await again.signInWith(gw, 'github');
    expect(`${portal.pathname}${portal.search}`).toBe('/zh-cn/portal');
    idp.setUser('google', user(5, { subject: 'google-sub-5' }));
    const linked = await browser.signInWith(gw, 'google');
    expect(`${linked.pathname}${linked.search}`).toBe('/zh-cn/portal/settings?linked=google');
    const failed = await browser.get(`${gw.url}/auth/github/callback?error=access_denied`);
    expect(new URL(failed.headers.get('location') as string).pathname).toBe('/zh-cn/signin');
    expect(failed.headers.get('location')).toMatch(/\/zh-cn\/signin\?error=provider_error$/);
    // English (or no choice) keeps the English pages.
    const english = new Browser();
    english.cookies.set('vc_lang', 'en');
    const res = await english.get(`${gw.url}/auth/github/callback?error=access_denied`);
    expect(new URL(res.headers.get('location') as string).pathname).toBe('/signin');
  });

  it('never reflects the provider’s own error text', async () => {
    const res = await new Browser().get(
      `${gw.url}/auth/github/callback?error=access_denied&error_description=state_%3Cimg%20src%3Dx%3E`,
    );
    expect(res.headers.get('location')).toMatch(/\/signin\?error=provider_error$/);
  });

  it('refuses a callback with no state, another browser’s state, or a replayed state', async () => {
    idp.setUser('github', user(3));
    const noState = await new Browser().get(`${gw.url}/auth/github/callback?code=abc`);
    expect(noState.headers.get('location')).toMatch(/\/signin\?error=state_missing$/);

    const victim = new Browser();
    const start = await victim.get(`${gw.url}/auth/github`);
    const consent = await victim.get(start.headers.get('location') as string);
    const callbackUrl = consent.headers.get('location') as string;
    // The attacker's callback URL carried into someone else's browser (login CSRF).
    const other = new Browser();
    const csrf = await other.get(callbackUrl);
    expect(csrf.headers.get('location')).toMatch(/error=state_(mismatch|invalid)$/);
    // The state is one-time: even its own browser cannot replay it.
    const replay = await victim.get(callbackUrl);
    expect(replay.headers.get('location')).toMatch(/error=state_invalid$/);
    expect(await gw.dataSource.query('SELECT id FROM accounts WHERE email = ?', ['person3@example.com'])).toEqual([]);
  });

  it('does not offer a provider that is not configured', async () => {
    const res = await new Browser().get(`${gw.url}/auth/gitlab`);
    expect(res.status).toBe(404);
    expect((await new Browser().graphql(gw, '{ signInProviders }')).data?.['signInProviders']).toEqual([
      'github',
      'google',
    ]);
  });

  it('re-encrypts refresh tokens to a new key, and fails closed on a tampered one', async () => {
    const rotated = `${keys},k2:${randomBytes(32).toString('base64')}`;
    const config = cliConfig(gw, { TOKEN_ENCRYPTION_KEYS: rotated });
    const out: string[] = [];
    await runCli(['tokens:reencrypt'], config, (l) => out.push(l));
    expect(out[0]).toMatch(/^[1-9]\d* refresh token\(s\) re-encrypted$/);
    const rows: Array<{ id: string; refresh_token_sealed: string }> = await gw.dataSource.query(
      'SELECT id, refresh_token_sealed FROM oauth_identities WHERE refresh_token_sealed IS NOT NULL',
    );
    expect(rows.every((r) => r.refresh_token_sealed.startsWith('v1.k2.'))).toBe(true);
    const onlyNew = new TokenCipher(parseEncryptionKeys(rotated).slice(1));
    expect(onlyNew.decrypt(rows[0].refresh_token_sealed, rows[0].id)).toMatch(/refresh/);

    const parts = rows[0].refresh_token_sealed.split('.');
    parts[3] = Buffer.from('tampered-body').toString('base64url');
    await gw.dataSource.query('UPDATE oauth_identities SET refresh_token_sealed = ? WHERE id = ?', [
      parts.join('.'),
      rows[0].id,
    ]);
    await expect(
      runCli(
        ['tokens:reencrypt'],
        cliConfig(gw, { TOKEN_ENCRYPTION_KEYS: `${rotated},k3:${randomBytes(32).toString('base64')}` }),
        () => undefined,
      ),
    ).rejects.toThrow(/could not be decrypted/);
  });
});
