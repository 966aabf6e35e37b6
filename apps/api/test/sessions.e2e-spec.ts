/**
 * Portal sessions: the cookie carries a random token, the database only its hash; ending a
 * session, or suspending its account, stops it on every instance at once.
 * (Sign-in itself, through GitHub and Google, starts sessions with SessionsService.start.)
 */
import { sessionCookieName, setSessionCookie } from '@vipcloud/accounts';
import { AppConfig, sha256Hex } from '@vipcloud/platform';
import express from 'express';
import request from 'supertest';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  createAccount,
  Gateway,
  graphql,
  MODES,
  SESSION_COOKIE,
  sessionCookie,
  signIn as startSession,
  startGateway,
} from './kit';

const ME = '{ me { id email role } }';

describe.each(MODES)('portal sessions (%s)', (mode) => {
  let gw: Gateway;
  let other: Gateway;

  beforeAll(async () => {
    gw = await startGateway(mode);
    // A second instance on the same database (the embedded SQLite mode is a single instance).
    other = gw.databaseUrl ? await startGateway(mode, { DATABASE_URL: gw.databaseUrl }) : gw;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
  });

  const gql = (target: Gateway, query: string, token?: string, variables?: Record<string, unknown>): request.Test =>
    graphql(target, token)(query, variables);
  const signIn = (accountId = gw.accountId, userAgent = 'Mozilla/5.0 test') =>
    startSession(gw, accountId, { userAgent, clientIp: '203.0.113.0/24' });

  it('answers who is signed in, and stores only the token’s hash', async () => {
    const { token, id } = await signIn();
    const res = await gql(gw, ME, token);
    expect(res.body.data.me).toMatchObject({ id: gw.accountId, role: 'USER' });
    const rows: Array<Record<string, unknown>> = await gw.dataSource.query('SELECT * FROM sessions WHERE id = ?', [id]);
    expect(rows[0]['token_hash']).toBe(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('asks for sign-in without a session or with an unknown token', async () => {
    expect((await gql(gw, ME)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(gw, ME, 'forged-token')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lists the account’s sessions, marking the current one, with truncated IPs', async () => {
    const a = await signIn(gw.accountId, 'Browser A');
    await signIn(gw.accountId, 'Browser B');
    const res = await gql(gw, '{ mySessions { id device ipPrefix current } }', a.token);
    const mine = res.body.data.mySessions as Array<{ id: string; device: string; ipPrefix: string; current: boolean }>;
    expect(mine.find((s) => s.current)?.id).toBe(a.id);
    expect(mine.map((s) => s.device)).toEqual(expect.arrayContaining(['Browser A', 'Browser B']));
    expect(mine.every((s) => s.ipPrefix === '203.0.113.0/24')).toBe(true);
  });

  it('ends a session on every instance at once; another account’s session is NOT_FOUND', async () => {
    const victim = await signIn();
    const intruderAccount = await createAccount(gw, { prefix: 'intruder' });
    const intruder = await signIn(intruderAccount.id);
    const END = 'mutation($id: ID!) { endSession(id: $id) }';
    const denied = await gql(gw, END, intruder.token, { id: victim.id });
    expect(denied.body.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect((await gql(other, ME, victim.token)).body.data.me.id).toBe(gw.accountId);

    const own = await signIn();
    expect((await gql(gw, END, own.token, { id: victim.id })).body.data.endSession).toBe(true);
    expect((await gql(gw, ME, victim.token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(other, ME, victim.token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('signs out with POST /auth/logout, clearing the cookie', async () => {
    const { token } = await signIn();
    const res = await request(gw.url).post('/auth/logout').set('cookie', sessionCookie(token));
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect((await gql(other, ME, token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await request(gw.url).post('/auth/logout')).status).toBe(401);
  });

  it('signs out everywhere with endAllSessions', async () => {
    const account = await createAccount(gw, { prefix: 'everywhere' });
    const a = await signIn(account.id);
    const b = await signIn(account.id);
    const res = await gql(gw, 'mutation { endAllSessions }', a.token);
    expect(res.body.data.endAllSessions).toBe(2);
    for (const t of [a.token, b.token])
      expect((await gql(other, ME, t)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends sessions on suspension (operator CLI), and reactivation does not revive them', async () => {
    const account = await createAccount(gw, { prefix: 'cli-suspend' });
    const { token } = await signIn(account.id);
    const config = cliConfig(gw);
    const out: string[] = [];
    await runCli(['accounts:suspend', '--email', account.email], config, (l) => out.push(l));
    expect(out[0]).toMatch(/suspended; 1 session\(s\) ended$/);
    await runCli(['accounts:reactivate', '--email', account.email], config, (l) => out.push(l));
    expect((await gql(other, ME, token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('stops a suspended account’s sessions', async () => {
    const account = await createAccount(gw, { prefix: 'suspended' });
    const { token } = await signIn(account.id);
    expect((await gql(gw, ME, token)).body.data.me.id).toBe(account.id);
    await gw.dataSource.query("UPDATE accounts SET status = 'suspended' WHERE id = ?", [account.id]);
    expect((await gql(other, ME, token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe.each(MODES)('language preference and security headers (%s)', (mode) => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway(mode);
  });
  afterAll(() => gw?.close());

  it('sets the UI language cookie for en or zh-CN only', async () => {
    const res = await request(gw.url).post('/preferences/language').send({ language: 'zh-CN' });
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(
      /^vc_lang=zh-CN; Max-Age=31536000; Path=\/; Expires=.*; SameSite=Lax$/,
    );
    const bad = await request(gw.url).post('/preferences/language').send({ language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.headers['set-cookie']).toBeUndefined();
  });

  it('sends HSTS on every customer-facing endpoint', async () => {
    for (const res of [
      await request(gw.url).get('/healthz'),
      await request(gw.url).get('/v1/models'),
      await request(gw.url)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: '{ models { id } }' }),
    ]) {
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a simple cross-site POST to /graphql even with a session cookie (CSRF)', async () => {
    const { token } = await startSession(gw, gw.accountId);
    const form = await request(gw.url)
      .post('/graphql')
      .set('cookie', sessionCookie(token))
      .type('form')
      .send({ query: 'mutation { endSession(id: "x") }' });
    expect(form.status).toBe(400);
    const plain = await request(gw.url)
      .post('/graphql')
      .set('cookie', sessionCookie(token))
      .set('content-type', 'text/plain')
      .send('{"query":"{ me { id } }"}');
    expect(plain.status).toBe(400);
    expect(plain.text).not.toContain(gw.accountId);
  });
});

describe('session cookie flags', () => {
  async function setCookieFor(publicUrl: string): Promise<string> {
    const config = new AppConfig({ PUBLIC_URL: publicUrl });
    const app = express();
    app.get('/', (_req, res) => {
      setSessionCookie(res, 'tok', config);
      res.end();
    });
    return String((await request(app).get('/')).headers['set-cookie']);
  }

  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax and Path=/ on https', async () => {
    const cookie = await setCookieFor('https://vipcloud.example');
    expect(cookie).toMatch(new RegExp(`^__Host-${SESSION_COOKIE}=tok;`));
    for (const flag of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(flag);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(sessionCookieName(new AppConfig({ PUBLIC_URL: 'https://vipcloud.example' }))).toBe(
      `__Host-${SESSION_COOKIE}`,
    );
  });

  it('drops the prefix and Secure only for plain-http local development', async () => {
    const cookie = await setCookieFor('http://localhost:3000');
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=tok;`));
    expect(cookie).not.toContain('Secure');
    expect(cookie).toContain('HttpOnly');
  });
});
