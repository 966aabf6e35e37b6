/**
 * The site in a real browser: the API started from source (SQLite) serving the built site
 * (dist/apps/site, built once per run by ../global-setup.js), and Debian's Chromium driven by
 * playwright-core. Every context it opens is watched for the site's promises: no request leaves the
 * app's origin (such a request is aborted and fails the test), no cookie but the language's, no
 * Content-Security-Policy violation, no header or script error in the console.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, ConsoleMessage, Page } from 'playwright-core';
import { Gateway, startGateway } from '../../../api/test/kit';

export const REPO_ROOT = join(__dirname, '../../../..');
export const SITE_DIR = join(REPO_ROOT, 'dist/apps/site');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts/screenshots');
/** The only cookie a visitor who is not signed in may ever have. */
export const LANGUAGE_COOKIE_NAME = 'vc_lang';

const CHROMIUM = '/usr/bin/chromium';
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
  /** A new watched context (one visitor); checked and closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new watched context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

function noFindings(): Findings {
  return { pending: [], foreignRequests: [], cookies: [], cspViolations: [], consoleErrors: [] };
}

/** Console lines that are expected: the 404 pages' own status. */
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 404/;

/**
 * The app and a browser for the enclosing describe block (one browser per spec file). After each test
 * every context it opened is checked (see Findings) and closed.
 */
export function useSiteBrowser(): SiteBrowser {
  let gateway: Gateway | undefined;
  let browser: Browser | undefined;
  let open: Array<{ context: BrowserContext; findings: Findings }> = [];

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([
      startGateway('sqlite', { SITE_DIR }),
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
    for (const { context, findings: seen } of contexts) {
      await Promise.allSettled(seen.pending);
      for (const cookie of await context.cookies()) seen.cookies.push(cookie.name);
      await context.close();
      findings.foreignRequests.push(...seen.foreignRequests);
      findings.cookies.push(...seen.cookies);
      findings.cspViolations.push(...seen.cspViolations);
      findings.consoleErrors.push(...seen.consoleErrors);
    }
    const allowed = new Set([LANGUAGE_COOKIE_NAME]);
    expect({
      foreignRequests: findings.foreignRequests,
      cookies: [...new Set(findings.cookies)].filter((name) => !allowed.has(name)),
      cspViolations: findings.cspViolations,
      consoleErrors: findings.consoleErrors,
    }).toEqual({ foreignRequests: [], cookies: [], cspViolations: [], consoleErrors: [] });
  });

  const site: SiteBrowser = {
    get url() {
      if (!gateway) throw new Error('The app is not running (use the site browser inside a test).');
      return gateway.url;
    },
    async newContext(options = {}) {
      if (!browser) throw new Error('The browser is not running (use the site browser inside a test).');
      const origin = site.url;
      const context = await browser.newContext({ baseURL: origin, ...options });
      const findings = noFindings();
      open.push({ context, findings });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        findings.foreignRequests.push(url);
        return route.abort('blockedbyclient');
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
        else if (message.type() === 'error' && !EXPECTED_CONSOLE.test(text)) findings.consoleErrors.push(text);
      });
      context.on('weberror', (error) => findings.consoleErrors.push(String(error.error())));
      return context;
    },
    async newPage(options) {
      const context = await site.newContext(options);
      return context.newPage();
    },
  };
  return site;
}
