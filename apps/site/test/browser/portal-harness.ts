/**
 * The customer portal in a real browser: the app started from source (SQLite) with what its pages
 * need to work end to end — sign-in with GitHub through the loopback OAuth provider
 * (tools/fake-oauth), one upstream (tools/fake-upstream) so /v1/chat/completions answers, and
 * checkout through Paddle (tools/fake-paddle: its API, a stand-in Paddle.js on its own loopback
 * origin, and signed notifications delivered to /webhooks/paddle) with a credit pack on sale.
 *
 * A signed-in context allows two foreign hops and nothing else: the provider's authorization page, as
 * a navigation redirected from our /auth/<provider>, and the stand-in Paddle.js, for requests the
 * checkout page makes. Its cookies may be the language's and the session's only.
 */
import { randomBytes } from 'node:crypto';
import { BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { completedTransaction, FakePaddle, paddleEvent, startFakePaddle } from '@vipcloud/fake-paddle';
import { FakeOAuthProvider, FakeOAuthUser, startFakeOAuthProvider } from '@vipcloud/fake-oauth';
import {
  createAccount,
  deliverPaddle,
  Fakes,
  freePort,
  Gateway,
  graphql,
  legalManifestFixture,
  manifestVersion,
  PROVIDER_CASES,
  SESSION_COOKIE,
  signIn,
  signedInAccount,
  startFakes,
  startGateway,
  writeLegalManifest,
} from '../../../api/test/kit';
import { fromCheckoutPage, SITE_DIR, SiteBrowser, useSiteBrowser, WatchOptions } from './site-browser';

export const PADDLE_WEBHOOK_SECRET = 'pdl_ntfset_portal_0123456789';
export const PADDLE_CLIENT_TOKEN = 'test_portal_client_token';
const GITHUB_CLIENT = { clientId: 'gh-portal', clientSecret: 'gh-portal-secret' };

/** The pack on sale: its name and amounts as the API writes them (USD, exact decimals). */
export const PACK = { name: 'Starter', credits: '10.00', price: '9.99', priceMinor: 999 };
/**
 * The legal documents the app reads: the Terms' first version and a material one after it, so an
 * account that has accepted no version (or an older one) is asked to accept it on /portal/terms.
 */
const LEGAL_MANIFEST = legalManifestFixture({
  terms: [
    manifestVersion('terms', '2026-04-26'),
    manifestVersion('terms', '2026-11-01', { material: true, summary: 'Clarifies how refunds of credits work.' }),
  ],
});

/** The model the journey calls: routed to the fake DeepSeek. */
export const CHAT_MODEL = 'deepseek-flash';

export interface PortalAccount {
  accountId: string;
  email: string;
  /** The session cookie's value. */
  token: string;
}

export interface PortalBrowser extends SiteBrowser {
  readonly idp: FakeOAuthProvider;
  readonly paddle: FakePaddle;
  readonly packId: string;
  /** The Terms version sign-up and acceptTerms take. */
  readonly termsVersion: string;
  /** What a context of someone who signs in is watched for (see the file's comment). */
  readonly signedInWatch: WatchOptions;
  /** A new account (its Terms accepted unless told otherwise) with a session, as sign-in starts one. */
  account(options?: { acceptTerms?: boolean }): Promise<PortalAccount>;
  /** Another session of an account. */
  session(accountId: string, userAgent?: string): Promise<string>;
  /** A watched context carrying a session cookie. */
  signedInContext(token: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a signed-in context. */
  signedInPage(token: string, options?: BrowserContextOptions): Promise<Page>;
  /** Delivers Paddle's signed `transaction.completed` for a transaction the app started. */
  completeTransaction(transactionId: string): Promise<void>;
}

/** The first request of a redirect chain. */
function chainStart(request: Request): Request {
  let first = request;
  for (let prev = first.redirectedFrom(); prev; prev = prev.redirectedFrom()) first = prev;
  return first;
}

/** The app, its fakes and a browser for the enclosing describe block (one of each per spec file). */
export function usePortalBrowser(): PortalBrowser {
  const state: { idp?: FakeOAuthProvider; paddle?: FakePaddle; fakes?: Fakes; packId?: string; terms?: string } = {};

  const start = async (): Promise<Gateway> => {
    const [idp, paddle, fakes, port] = await Promise.all([
      startFakeOAuthProvider({ clients: [GITHUB_CLIENT] }),
      startFakePaddle(),
      startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek')),
      freePort(),
    ]);
    Object.assign(state, { idp, paddle, fakes });
    // The callback URL (PUBLIC_URL/auth/github/callback) must be the browser's own origin.
    const gateway = await startGateway(
      'sqlite',
      {
        SITE_DIR,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        LEGAL_MANIFEST_PATH: writeLegalManifest(LEGAL_MANIFEST),
        GITHUB_CLIENT_ID: GITHUB_CLIENT.clientId,
        GITHUB_CLIENT_SECRET: GITHUB_CLIENT.clientSecret,
        GITHUB_AUTHORIZATION_URL: idp.github.authorizationURL,
        GITHUB_TOKEN_URL: idp.github.tokenURL,
        GITHUB_USER_PROFILE_URL: idp.github.userProfileURL,
        GITHUB_USER_EMAIL_URL: idp.github.userEmailURL,
        ...fakes.env,
        PADDLE_API_KEY: paddle.apiKey,
        PADDLE_API_URL: paddle.url,
        PADDLE_ENVIRONMENT: 'sandbox',
        PADDLE_WEBHOOK_SECRETS: PADDLE_WEBHOOK_SECRET,
        PADDLE_CLIENT_TOKEN,
        PADDLE_JS_URL: paddle.scriptUrl,
      },
      port,
    );
    const admin = await signedInAccount(gateway, { prefix: 'admin', role: 'admin' });
    const [pack, terms] = await Promise.all([
      graphql(gateway, admin.token)('mutation($i: CreditPackInput!) { createCreditPack(input: $i) { id } }', {
        i: { name: PACK.name, credits: PACK.credits, price: PACK.price, currency: 'USD' },
      }),
      graphql(gateway)('{ currentTermsVersion }'),
    ]);
    if (pack.body.errors) throw new Error(`createCreditPack: ${JSON.stringify(pack.body.errors)}`);
    state.packId = pack.body.data.createCreditPack.id as string;
    state.terms = terms.body.data.currentTermsVersion as string;
    return gateway;
  };

  const site = useSiteBrowser(start);
  afterAll(async () => {
    await Promise.all([state.idp?.close(), state.paddle?.close(), state.fakes?.close()]);
  });
  beforeEach(() => state.fakes?.resetAll());

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (use the portal browser inside a test).`);
    return value;
  };

  const portal: PortalBrowser = {
    get url() {
      return site.url;
    },
    get gateway() {
      return site.gateway;
    },
    newContext: (options, watch) => site.newContext(options, watch),
    newPage: (options, watch) => site.newPage(options, watch),
    get idp() {
      return need(state.idp, 'The OAuth provider');
    },
    get paddle() {
      return need(state.paddle, 'Paddle');
    },
    get packId() {
      return need(state.packId, 'The app');
    },
    get termsVersion() {
      return need(state.terms, 'The app');
    },
    get signedInWatch(): WatchOptions {
      const app = site.url;
      return {
        signedIn: true,
        allow: [
          {
            // The provider's authorization page, reached only by the redirect our /auth/<provider> answers.
            origin: portal.idp.origin,
            when: (request) => {
              const first = new URL(chainStart(request).url());
              return request.isNavigationRequest() && first.origin === app && first.pathname.startsWith('/auth/');
            },
          },
          { origin: new URL(portal.paddle.scriptUrl).origin, when: fromCheckoutPage },
        ],
      };
    },
    async account({ acceptTerms = true } = {}) {
      const account = await createAccount(site.gateway, { prefix: 'portal' });
      const { token } = await signIn(site.gateway, account.id, { userAgent: 'Portal test' });
      if (acceptTerms) {
        const res = await graphql(site.gateway, token)('mutation($v: String!) { acceptTerms(version: $v) { id } }', {
          v: portal.termsVersion,
        });
        if (res.body.errors) throw new Error(`acceptTerms: ${JSON.stringify(res.body.errors)}`);
      }
      return { accountId: account.id, email: account.email, token };
    },
    async session(accountId, userAgent = 'Second browser') {
      return (await signIn(site.gateway, accountId, { userAgent })).token;
    },
    async signedInContext(token, options) {
      const context = await site.newContext(options, portal.signedInWatch);
      await context.addCookies([
        { name: SESSION_COOKIE, value: token, url: site.url, httpOnly: true, sameSite: 'Lax' },
      ]);
      return context;
    },
    async signedInPage(token, options) {
      return (await portal.signedInContext(token, options)).newPage();
    },
    async completeTransaction(transactionId) {
      const sent = portal.paddle.transactions.find((t) => t.id === transactionId);
      if (!sent) throw new Error(`The app never created Paddle transaction ${transactionId}`);
      const body = paddleEvent(
        'transaction.completed',
        completedTransaction(transactionId, sent.body.custom_data ?? null, PACK.priceMinor),
      );
      const res = await deliverPaddle(site.url, body, PADDLE_WEBHOOK_SECRET);
      if (res.status !== 200) throw new Error(`The notification was refused (${res.status}): ${res.text}`);
    },
  };
  return portal;
}

/** A GitHub user of the fake provider, unique per call. */
export function githubUser(name = 'Portal Person'): FakeOAuthUser {
  const n = randomBytes(3).readUIntBE(0, 3) + 1;
  return {
    subject: String(n),
    email: `person-${n}@example.com`,
    name,
    avatarUrl: `https://avatars.example/${n}.png`,
  };
}

/**
 * Waits until a portal page's island has rendered its content: it has replaced the page's static
 * children (the frame's <noscript> and loading line) and no part of it still says it is loading.
 */
export async function portalReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.getElementById('portal-root');
    if (!root || root.querySelector(':scope > noscript')) return false;
    const busy = Array.from(root.querySelectorAll('[role="status"], .portal-status')).some((el) =>
      /Loading|正在加载/.test(el.textContent ?? ''),
    );
    return !busy && (root.textContent ?? '').trim().length > 0;
  });
}
