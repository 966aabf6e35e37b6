/**
 * The site in a real browser: the API started from source (SQLite) serving the built site
 * (dist/apps/site, built once per run by ../global-setup.js), and Debian's Chromium driven by
 * playwright-core. Every context it opens is watched for the site's promises: no request leaves the
 * app's origin (such a request is aborted and fails the test; a context may allow one named origin
 * for requests a rule picks, e.g. Paddle.js on the checkout page), no cookie but the language's (and
 * the session's, in a context that signs in), no Content-Security-Policy violation, no header or
 * script error in the console.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  chromium,
  ConsoleMessage,
  Page,
  Request,
} from 'playwright-core';
import { Gateway, SESSION_COOKIE, startGateway } from '../../../api/test/kit';

export const REPO_ROOT = join(__dirname, '../../../..');
export const SITE_DIR = join(REPO_ROOT, 'dist/apps/site');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts/screenshots');
/** The only cookie a visitor who is not signed in may ever have. */
export const LANGUAGE_COOKIE_NAME = 'vc_lang';

const CHROMIUM = '/usr/bin/chromium';
/** The longest a browser wait (a selector, an address, an event) lasts before it fails. */
const WAIT_TIMEOUT_MS = 15_000;
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface SitePage {
  lang: 'en' | 'zh-cn';
  /** The page's address (canonical, no trailing slash), e.g. `/zh-cn/legal/privacy/versions`. */
  path: string;
  /** A file-name friendly name, e.g. `legal-privacy-versions`, `home`, `404`. */
  name: string;
  /** The 404 pages answer with status 404 (they are requested at an unknown address). */
  notFound: boolean;
}

/** Every page the build wrote, both languages, from the HTML files in dist/apps/site. */
export function sitePages(): SitePage[] {
  const pages: SitePage[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.html')) {
        // Astro's `file` format: `legal/privacy.html` is /legal/privacy, `zh-cn.html` the Chinese home.
        const page = relative(SITE_DIR, file)
          .replace(/\.html$/, '')
          .replace(/(^|\/)index$/, '');
        const lang = page === 'zh-cn' || page.startsWith('zh-cn/') ? 'zh-cn' : 'en';
        const rest = lang === 'zh-cn' ? page.replace(/^zh-cn\/?/, '') : page;
        const notFound = rest === '404';
        pages.push({
          lang,
          path: notFound ? `${lang === 'zh-cn' ? '/zh-cn' : ''}/no-such-page` : `/${page}`,
          name: rest === '' ? 'home' : rest.replace(/\//g, '-'),
          notFound,
        });
      }
    }
  };
  walk(SITE_DIR);
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * A foreign origin a context may reach, for the requests `when` accepts (and no others). The site
 * itself never needs one; the portal's checkout page loads Paddle.js, and signing in passes
 * through the provider's pages.
 */
export interface ForeignAllowance {
  origin: string;
  when(request: Request): boolean;
}

export interface WatchOptions {
  allow?: ForeignAllowance[];
  /** The context signs in: the session cookie may exist besides the language's. */
  signedIn?: boolean;
}

/** Paths of the one page that may load a third party's script (Paddle.js), in both languages. */
export const CHECKOUT_PATHS = ['/portal/checkout', '/zh-cn/portal/checkout'];

/** Requests that the checkout page itself makes (its frame is on the checkout page's address). */
export function fromCheckoutPage(request: Request): boolean {
  let frameUrl: string;
  try {
    frameUrl = request.frame().url();
  } catch {
    // A service worker's request has no frame: not the page's.
    return false;
  }
  return !request.isNavigationRequest() && CHECKOUT_PATHS.includes(new URL(frameUrl).pathname);
}

/** What a watched context saw that breaks a promise of the site. */
interface Findings {
  /** Reads of answers' headers still under way. */
  pending: Array<Promise<unknown>>;
  foreignRequests: string[];
  cookies: string[];
  cspViolations: string[];
  consoleErrors: string[];
}

export interface SiteBrowser {
  /** The app's origin, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** The running app (its services, for factories), once started. */
  readonly gateway: Gateway;
  /** A new watched context (one visitor); checked and closed after the test. */
  newContext(options?: BrowserContextOptions, watch?: WatchOptions): Promise<BrowserContext>;
  /** A page in a new watched context. */
  newPage(options?: BrowserContextOptions, watch?: WatchOptions): Promise<Page>;
}

function noFindings(): Findings {
  return { pending: [], foreignRequests: [], cookies: [], cspViolations: [], consoleErrors: [] };
}

/** Console lines that are expected: the 404 pages' own status. */
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 404/;

/**
 * The app and a browser for the enclosing describe block (one browser per spec file). After each test
 * every context it opened is checked (see Findings) and closed. `startApp` replaces the plain app
 * (the portal's harness starts it with its fakes); whatever it starts, it stops in its own afterAll.
 */
export function useSiteBrowser(
  startApp: () => Promise<Gateway> = () => startGateway('sqlite', { SITE_DIR }),
): SiteBrowser {
  let gateway: Gateway | undefined;
  let browser: Browser | undefined;
  let open: Array<{ context: BrowserContext; findings: Findings; cookies: Set<string> }> = [];

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([
      startApp(),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  afterEach(async () => {
    const contexts = open;
    open = [];
    const findings = noFindings();
    for (const { context, findings: seen, cookies: allowed } of contexts) {
      await Promise.allSettled(seen.pending);
      for (const cookie of await context.cookies()) seen.cookies.push(cookie.name);
      await context.close();
      findings.foreignRequests.push(...seen.foreignRequests);
      findings.cookies.push(...seen.cookies.filter((name) => !allowed.has(name)));
      findings.cspViolations.push(...seen.cspViolations);
      findings.consoleErrors.push(...seen.consoleErrors);
    }
    expect({
      foreignRequests: findings.foreignRequests,
      cookies: [...new Set(findings.cookies)],
      cspViolations: findings.cspViolations,
      consoleErrors: findings.consoleErrors,
    }).toEqual({ foreignRequests: [], cookies: [], cspViolations: [], consoleErrors: [] });
  });

  const site: SiteBrowser = {
    get url() {
      if (!gateway) throw new Error('The app is not running (use the site browser inside a test).');
      return gateway.url;
    },
    get gateway() {
      if (!gateway) throw new Error('The app is not running (use the site browser inside a test).');
      return gateway;
    },
    async newContext(options = {}, watch = {}) {
      if (!browser) throw new Error('The browser is not running (use the site browser inside a test).');
      const origin = site.url;
      const context = await browser.newContext({ baseURL: origin, ...options });
      // A wait that cannot succeed fails with what it waited for, well before the test's own timeout.
      context.setDefaultTimeout(WAIT_TIMEOUT_MS);
      const findings = noFindings();
      const cookies = new Set([LANGUAGE_COOKIE_NAME, ...(watch.signedIn ? [SESSION_COOKIE] : [])]);
      open.push({ context, findings, cookies });
      const allowed = (request: Request): boolean => {
        const target = new URL(request.url()).origin;
        return target === origin || (watch.allow ?? []).some((rule) => rule.origin === target && rule.when(request));
      };
      await context.route('**/*', (route) => {
        if (allowed(route.request())) return route.continue();
        findings.foreignRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      // Routing sees only the first request of a redirect chain; the events see every hop (a redirect
      // to a foreign origin is reported here, though it can no longer be stopped).
      context.on('request', (request) => {
        const url = request.url();
        if (request.redirectedFrom() && !allowed(request) && !/^(data|blob):/.test(url)) {
          findings.foreignRequests.push(url);
        }
      });
      // Cookies set by an answer (document.cookie writes are in context.cookies() after the test).
      context.on('response', (response) => {
        findings.pending.push(
          response
            .headerValues('set-cookie')
            .then((values) => {
              for (const value of values) findings.cookies.push(value.split('=')[0].trim());
            })
            // An answer still arriving while the test's context closes can no longer be read; unhandled,
            // that rejection would fail whichever test runs next. Its cookies would be the context's, and
            // the context's cookies are read (context.cookies()) before it closes.
            .catch((err: unknown) => {
              if (!(err instanceof Error && /has been closed/.test(err.message))) throw err;
            }),
        );
      });
      // A binding, unlike a window array, survives the navigations a test makes.
      await context.exposeBinding('__reportCspViolation', (_source, violation: string) => {
        findings.cspViolations.push(violation);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation;
          report(`${event.violatedDirective} blocked ${event.blockedURI} in ${event.documentURI}`);
        });
      });
      context.on('console', (message: ConsoleMessage) => {
        const text = message.text();
        if (/Content[- ]Security[- ]Policy|Permissions-Policy/i.test(text)) findings.cspViolations.push(text);
        else if (message.type() === 'error' && !EXPECTED_CONSOLE.test(text)) {
          // The resource or script it is about, or the page it happened on.
          const where = message.location().url || message.page()?.url() || '';
          findings.consoleErrors.push(where ? `${text} (${where})` : text);
        }
      });
      context.on('weberror', (error) => findings.consoleErrors.push(String(error.error())));
      return context;
    },
    async newPage(options, watch) {
      const context = await site.newContext(options, watch);
      return context.newPage();
    },
  };
  return site;
}
