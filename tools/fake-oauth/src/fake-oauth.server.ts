import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody, sendText, type LoopbackServer } from '@vipcloud/server-kit';
import { URL, URLSearchParams } from 'node:url';
import type {
  FakeOAuthClient,
  FakeOAuthFlavor,
  FakeOAuthOptions,
  FakeOAuthProvider,
  FakeOAuthRequest,
  FakeOAuthUser,
} from './fake-oauth.types';

const CODE_TTL_MS = 60_000;
const ACCESS_TOKEN_TTL_S = 3600;
const MAX_BODY_BYTES = 64 * 1024;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is an unpadded base64url SHA-256 digest, hence exactly 43 characters. */
const S256_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const GITHUB_LOGIN_MAX = 39;

type Flavor = FakeOAuthFlavor;
type Route = 'authorize' | 'token' | 'github-user' | 'github-emails' | 'google-userinfo';

interface AuthorizationGrant {
  readonly flavor: Flavor;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly user: FakeOAuthUser;
  readonly codeChallenge: string | undefined;
  readonly expiresAt: number;
  used: boolean;
  /** Remembered so a replay can revoke what the first redemption produced (RFC 6749 §4.1.2). */
  accessToken: string | undefined;
}

interface AccessGrant {
  readonly flavor: Flavor;
  readonly user: FakeOAuthUser;
  readonly scope: string;
  readonly expiresAt: number;
}

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

interface ParsedParams {
  readonly values: Record<string, string>;
  readonly duplicates: readonly string[];
}

type ClientAuth =
  { readonly ok: true; readonly client: FakeOAuthClient } | { readonly ok: false; readonly reply: Reply };

export async function startFakeOAuthProvider(options: FakeOAuthOptions): Promise<FakeOAuthProvider> {
  const provider = new FakeOAuthServer(options);
  provider.attach(await listenOnLoopback((req, res) => provider.onRequest(req, res)));
  return provider;
}

class FakeOAuthServer implements FakeOAuthProvider {
  readonly requests: FakeOAuthRequest[] = [];
  private readonly clients = new Map<string, FakeOAuthClient>();
  private readonly users = new Map<Flavor, FakeOAuthUser | null>();
  private readonly codes = new Map<string, AuthorizationGrant>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private listener: LoopbackServer | undefined;

  constructor(options: FakeOAuthOptions) {
    for (const client of options.clients) {
      if (client.clientId === '' || client.clientSecret === '')
        throw new Error('Fake OAuth clients need a non-empty id and secret');
      const existing = this.clients.get(client.clientId);
      if (existing !== undefined && existing.clientSecret !== client.clientSecret) {
        throw new Error(`Fake OAuth client ${client.clientId} is registered twice with different secrets`);
      }
      this.clients.set(client.clientId, { ...client });
    }
  }

  get origin(): string {
    if (this.listener === undefined) throw new Error('Fake OAuth provider is not listening');
    return this.listener.origin;
  }

  get github(): FakeOAuthProvider['github'] {
    const base = `${this.origin}/github`;
    return {
      authorizationURL: `${base}/authorize`,
      tokenURL: `${base}/token`,
      userProfileURL: `${base}/user`,
      userEmailURL: `${base}/user/emails`,
    };
  }

  get google(): FakeOAuthProvider['google'] {
    const base = `${this.origin}/google`;
    return { authorizationURL: `${base}/authorize`, tokenURL: `${base}/token`, userProfileURL: `${base}/userinfo` };
  }

  setUser(flavor: Flavor, user: FakeOAuthUser | null): void {
    if (flavor !== 'github' && flavor !== 'google') throw new Error(`Unknown fake OAuth flavor: ${String(flavor)}`);
    if (user === null) {
      this.users.set(flavor, null);
      return;
    }
    // GitHub ids are JSON numbers; a subject that is not a safe integer could never come from GitHub.
    if (flavor === 'github' && (!/^[1-9]\d*$/.test(user.subject) || !Number.isSafeInteger(Number(user.subject)))) {
      throw new Error(`A GitHub subject must be a positive integer in digits, got ${JSON.stringify(user.subject)}`);
    }
    if (user.subject === '') throw new Error('A subject must not be empty');
    // Copied so a test mutating its fixture later cannot change who an issued code belongs to.
    this.users.set(flavor, { ...user });
  }

  reset(): void {
    // Emptied in place: tests may hold on to the array.
    this.requests.length = 0;
    this.users.clear();
    this.codes.clear();
    this.accessTokens.clear();
  }

  attach(listener: LoopbackServer): void {
    this.listener = listener;
  }

  close(): Promise<void> {
    return this.listener?.close() ?? Promise.resolve();
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => undefined);
    this.handle(req)
      .then((reply) => send(res, reply))
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          send(res, oauthError(413, 'invalid_request', 'request body too large'));
          return;
        }
        send(res, json(500, { error: 'server_error', error_description: `fake OAuth failure: ${String(error)}` }));
      });
  }

  private async handle(req: IncomingMessage): Promise<Reply> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.origin);
    const query = parseParams(url.searchParams);
    const raw = await readBody(req, MAX_BODY_BYTES);
    const isForm = mediaType(req.headers['content-type']) === FORM_CONTENT_TYPE;
    const body = isForm ? parseParams(new URLSearchParams(raw)) : { values: {}, duplicates: [] };
    this.requests.push({
      method,
      path: url.pathname,
      query: query.values,
      body: body.values,
      headers: { ...req.headers },
    });

    const [, prefix, endpoint] = /^\/([^/]+)\/(.+)$/.exec(url.pathname) ?? [];
    const flavor = prefix === 'github' || prefix === 'google' ? prefix : undefined;
    const route = flavor === undefined ? undefined : routeFor(flavor, endpoint);
    if (flavor === undefined || route === undefined)
      return json(404, { error: 'not_found', error_description: `No route for ${method} ${url.pathname}` });

    const expectedMethod = route === 'token' ? 'POST' : 'GET';
    if (method !== expectedMethod) {
      return {
        ...json(405, { error: 'invalid_request', error_description: `Method ${method} not allowed` }),
        headers: { allow: expectedMethod },
      };
    }

    switch (route) {
      case 'authorize':
        return this.authorize(flavor, query);
      case 'token':
        return this.token(flavor, req, isForm, body);
      case 'github-user':
        return this.githubApi(req, (grant) => json(200, githubProfile(grant.user)));
      case 'github-emails':
        return this.githubApi(req, (grant) =>
          // Real GitHub only lists emails for tokens carrying `user` or `user:email`.
          hasScope(grant.scope, 'user') || hasScope(grant.scope, 'user:email')
            ? json(200, [{ email: grant.user.email, primary: true, verified: true, visibility: 'public' }])
            : json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/users/emails' }),
        );
      case 'google-userinfo':
        return this.googleUserinfo(req, query.values);
    }
  }

  private authorize(flavor: Flavor, query: ParsedParams): Reply {
    const params = query.values;
    // Without a trusted client and redirect_uri, errors must not be redirected anywhere (RFC 6749 §4.1.2.1).
    if (query.duplicates.length > 0) return errorPage(`Repeated parameters: ${query.duplicates.join(', ')}`);
    const clientId = params['client_id'];
    if (clientId === undefined || clientId === '') return errorPage('Missing client_id');
    if (!this.clients.has(clientId)) return errorPage('The client_id is not registered');
    const redirectUri = params['redirect_uri'];
    if (redirectUri === undefined || redirectUri === '') return errorPage('Missing redirect_uri');
    const target = absoluteHttpUrl(redirectUri);
    if (target === undefined) return errorPage('The redirect_uri must be an absolute http(s) URL without a fragment');
    if (params['response_type'] !== 'code') return errorPage('response_type must be "code"');

    const state = params['state'];
    const redirectWith = (result: Record<string, string>): Reply => {
      for (const [key, value] of Object.entries(result)) target.searchParams.set(key, value);
      if (state !== undefined) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' }, body: '' };
    };

    const challenge = params['code_challenge'];
    const challengeMethod = params['code_challenge_method'];
    if (challenge !== undefined || challengeMethod !== undefined) {
      // Omitting the method means "plain" (RFC 7636 §4.3), which would make PKCE worthless against interception.
      if (challengeMethod !== 'S256') {
        return redirectWith({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
      }
      if (challenge === undefined || !S256_CHALLENGE_PATTERN.test(challenge)) {
        return redirectWith({
          error: 'invalid_request',
          error_description: 'code_challenge is not a base64url SHA-256 digest',
        });
      }
    }

    const user = this.users.get(flavor);
    if (user === undefined || user === null) {
      return redirectWith({ error: 'access_denied', error_description: 'The user denied access' });
    }

    const code = newCode(flavor);
    this.codes.set(code, {
      flavor,
      clientId,
      redirectUri,
      scope: params['scope'] ?? '',
      user,
      codeChallenge: challenge,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
      accessToken: undefined,
    });
    return redirectWith({ code });
  }

  private token(flavor: Flavor, req: IncomingMessage, isForm: boolean, body: ParsedParams): Reply {
    if (!isForm) return oauthError(400, 'invalid_request', `The token request body must be ${FORM_CONTENT_TYPE}`);
    if (body.duplicates.length > 0)
      return oauthError(400, 'invalid_request', `Repeated parameters: ${body.duplicates.join(', ')}`);
    const params = body.values;

    const auth = this.authenticateClient(req, params);
    if (!auth.ok) return auth.reply;

    const grantType = params['grant_type'];
    if (grantType === undefined) return oauthError(400, 'invalid_request', 'Missing grant_type');
    if (grantType !== 'authorization_code')
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type ${grantType}`);
    const code = params['code'];
    if (code === undefined || code === '') return oauthError(400, 'invalid_request', 'Missing code');

    const grant = this.codes.get(code);
    if (grant === undefined || grant.flavor !== flavor) return invalidGrant('The authorization code is unknown');
    if (grant.used) {
      if (grant.accessToken !== undefined) this.accessTokens.delete(grant.accessToken);
      return invalidGrant('The authorization code has already been used');
    }
    // Burnt by any authenticated attempt, so a failed guess at the binding cannot be retried with another.
    grant.used = true;
    if (Date.now() >= grant.expiresAt) return invalidGrant('The authorization code has expired');
    if (grant.clientId !== auth.client.clientId)
      return invalidGrant('The authorization code was issued to another client');
    if (params['redirect_uri'] !== grant.redirectUri)
      return invalidGrant('The redirect_uri does not match the authorization request');
    if (grant.codeChallenge !== undefined) {
      const verifier = params['code_verifier'];
      if (verifier === undefined || verifier === '') return invalidGrant('Missing code_verifier');
      if (!CODE_VERIFIER_PATTERN.test(verifier)) return invalidGrant('Malformed code_verifier');
      if (!constantTimeEqual(s256(verifier), grant.codeChallenge))
        return invalidGrant('The code_verifier does not match the code_challenge');
    }

    const accessToken = newAccessToken(flavor);
    grant.accessToken = accessToken;
    this.accessTokens.set(accessToken, {
      flavor,
      user: grant.user,
      scope: grant.scope,
      expiresAt: Date.now() + ACCESS_TOKEN_TTL_S * 1000,
    });
    const refreshToken = grant.user.refreshToken;
    return json(
      200,
      {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: ACCESS_TOKEN_TTL_S,
        scope: grant.scope,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  private authenticateClient(req: IncomingMessage, params: Record<string, string>): ClientAuth {
    const authorization = req.headers.authorization;
    let clientId: string | undefined;
    let clientSecret: string | undefined;
    let usedBasic = false;
    if (authorization !== undefined && /^basic\s/i.test(authorization)) {
      const basic = parseBasic(authorization);
      if (basic === undefined) return { ok: false, reply: invalidClient('Malformed Basic credentials', true) };
      // RFC 6749 §2.3: a client must use only one authentication method per request.
      if (params['client_secret'] !== undefined) {
        return {
          ok: false,
          reply: oauthError(400, 'invalid_request', 'Client credentials sent both in the body and in Basic auth'),
        };
      }
      if (params['client_id'] !== undefined && params['client_id'] !== basic.id) {
        return {
          ok: false,
          reply: oauthError(400, 'invalid_request', 'client_id in the body disagrees with Basic auth'),
        };
      }
      ({ id: clientId, secret: clientSecret } = basic);
      usedBasic = true;
    } else {
      clientId = params['client_id'];
      clientSecret = params['client_secret'];
    }
    if (clientId === undefined || clientId === '' || clientSecret === undefined) {
      return { ok: false, reply: invalidClient('Missing client credentials', usedBasic) };
    }
    const client = this.clients.get(clientId);
    if (client === undefined || !constantTimeEqual(clientSecret, client.clientSecret)) {
      return { ok: false, reply: invalidClient('Client authentication failed', usedBasic) };
    }
    return { ok: true, client };
  }

  private accessGrant(flavor: Flavor, token: string | undefined): AccessGrant | undefined {
    if (token === undefined) return undefined;
    const grant = this.accessTokens.get(token);
    if (grant === undefined || grant.flavor !== flavor || Date.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  private githubApi(req: IncomingMessage, respond: (grant: AccessGrant) => Reply): Reply {
    // The real API refuses anonymous agents before looking at credentials.
    const userAgent = req.headers['user-agent'];
    if (userAgent === undefined || userAgent === '') {
      return json(403, {
        message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
      });
    }
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const grant = this.accessGrant('github', match?.[1]);
    if (grant === undefined)
      return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    return respond(grant);
  }

  private googleUserinfo(req: IncomingMessage, query: Record<string, string>): Reply {
    const header = req.headers.authorization;
    // passport-google-oauth20 sends the token as `?access_token=` (RFC 6750 §2.3), which Google still honours.
    const fromQuery = query['access_token'];
    if (header !== undefined && fromQuery !== undefined) {
      return json(400, {
        error: 'invalid_request',
        error_description: 'The access token was sent in more than one way',
      });
    }
    const token = fromQuery ?? /^bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const grant = this.accessGrant('google', token);
    if (grant === undefined) {
      return json(
        401,
        { error: 'invalid_token', error_description: 'Invalid Credentials' },
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
    }
    const user = grant.user;
    const [givenName, ...rest] = user.name.trim().split(/\s+/);
    const familyName = rest.join(' ');
    return json(200, {
      sub: user.subject,
      name: user.name,
      given_name: givenName ?? '',
      // Google leaves family_name out for single-word names rather than sending an empty string.
      ...(familyName !== '' ? { family_name: familyName } : {}),
      picture: user.avatarUrl,
      email: user.email,
      email_verified: true,
    });
  }
}

function routeFor(flavor: Flavor, endpoint: string | undefined): Route | undefined {
  if (endpoint === 'authorize' || endpoint === 'token') return endpoint;
  if (flavor === 'github' && endpoint === 'user') return 'github-user';
  if (flavor === 'github' && endpoint === 'user/emails') return 'github-emails';
  if (flavor === 'google' && endpoint === 'userinfo') return 'google-userinfo';
  return undefined;
}

function githubProfile(user: FakeOAuthUser): Record<string, unknown> {
  const login = user.login ?? loginFromEmail(user);
  return {
    id: Number(user.subject),
    login,
    name: user.name,
    email: user.email,
    avatar_url: user.avatarUrl,
    html_url: `https://github.com/${login}`,
  };
}

/** GitHub logins are alphanumerics and single inner hyphens, at most 39 characters. */
function loginFromEmail(user: FakeOAuthUser): string {
  const local = user.email.split('@')[0] ?? '';
  const login = local
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, GITHUB_LOGIN_MAX)
    .replace(/-+$/, '');
  return login === '' ? `user-${user.subject}` : login;
}

function hasScope(scope: string, wanted: string): boolean {
  // GitHub clients separate scopes with commas, others with spaces; both are accepted.
  return scope.split(/[\s,]+/).includes(wanted);
}

function parseParams(params: URLSearchParams): ParsedParams {
  const values: Record<string, string> = {};
  const duplicates = new Set<string>();
  for (const [key, value] of params) {
    if (Object.prototype.hasOwnProperty.call(values, key)) {
      duplicates.add(key);
      continue;
    }
    values[key] = value;
  }
  return { values, duplicates: [...duplicates] };
}

function parseBasic(header: string): { id: string; secret: string } | undefined {
  const encoded = header.replace(/^basic\s+/i, '').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both halves are form-urlencoded before being joined.
  const formDecode = (part: string): string => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function absoluteHttpUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // A fragment would swallow the appended code (RFC 6749 §3.1.2).
  if (value.includes('#')) return undefined;
  return url;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the length.
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function newCode(flavor: Flavor): string {
  const random = randomBytes(24).toString('base64url');
  // Google codes start with "4/" so a client that forgets to URL-decode the callback query shows up in tests.
  return flavor === 'google' ? `4/0${random}` : random;
}

function newAccessToken(flavor: Flavor): string {
  const random = randomBytes(30).toString('base64url');
  return flavor === 'google' ? `ya29.${random}` : `gho_${random}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
}

function invalidGrant(description: string): Reply {
  return oauthError(400, 'invalid_grant', description);
}

function invalidClient(description: string, usedBasic: boolean): Reply {
  const reply = oauthError(401, 'invalid_client', description);
  // RFC 6749 §5.2: a Basic-authenticating client is told which scheme to retry with.
  return usedBasic
    ? { ...reply, headers: { ...reply.headers, 'www-authenticate': 'Basic realm="fake-oauth"' } }
    : reply;
}

function errorPage(message: string): Reply {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><title>Authorization error</title><h1>400 Bad Request</h1><p>${escaped}</p>`,
  };
}

function send(res: ServerResponse, reply: Reply): void {
  sendText(res, reply.status, reply.body, reply.headers);
}
