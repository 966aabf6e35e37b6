/**
 * The built site on the API's port: pages, caching, compression, headers, 404 pages, the `/`
 * language redirect and security.txt, while every API path keeps its own handlers and JSON 404s.
 * The site here is a small fixture written by the test, shaped as Astro builds it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Clock } from '@vipcloud/platform';
import { API_PATH_PREFIXES } from '@vipcloud/site-hosting';
import request from 'supertest';
import { FakePaddle, startFakePaddle } from '@vipcloud/fake-paddle';
import {
  directive,
  eventually,
  Gateway,
  graphql,
  MODES,
  readLog,
  signedInAccount,
  startGateway,
  useGatewayWithFakes,
} from './kit';

/** Written out, not imported: the test checks the policy the site plan fixed. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
/** The checkout page's, with Paddle.js from Paddle's CDN (PADDLE_JS_URL's default). */
const CHECKOUT_CSP =
  "default-src 'self'; script-src 'self' https://cdn.paddle.com; " +
  "style-src 'self' https://cdn.paddle.com https://sandbox-cdn.paddle.com; " +
  "img-src 'self' data: https://cdn.paddle.com https://sandbox-cdn.paddle.com; " +
  "connect-src 'self' https://cdn.paddle.com https://checkout-service.paddle.com https://sandbox-checkout-service.paddle.com; " +
  "font-src 'self'; " +
  'frame-src https://buy.paddle.com https://sandbox-buy.paddle.com https://cdn.paddle.com https://sandbox-cdn.paddle.com; ' +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
const CHECKOUT_PAGES = [
  '/portal/checkout',
  '/zh-cn/portal/checkout',
  '/portal/checkout.html',
  '/zh-cn/portal/checkout.html',
];
const SIGN_UP_PAGES = ['/signup', '/zh-cn/signup', '/signup.html', '/zh-cn/signup.html'];
const HSTS = 'max-age=31536000; includeSubDomains';
const ASSET = '/_astro/site.Ab12Cd34.css';
const SECRET = 'not-for-the-web';

/** A page long enough to be compressed (the threshold is 1 kB). */
const page = (lang: string, title: string): string =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title><link rel="stylesheet" href="${ASSET}"></head>` +
  `<body><h1>${title}</h1><p>${'VIPCloud routes each request to an upstream provider. '.repeat(40)}</p></body></html>`;

/** A built site in a temporary folder, with a file beside it that must never be served. */
function writeSite(): { root: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vc-site-'));
  const root = join(dir, 'site');
  const files: Record<string, string> = {
    'index.html': page('en', 'English home'),
    'zh-cn/index.html': page('zh-CN', '中文首页'),
    '404.html': page('en', 'Page not found'),
    'zh-cn/404.html': page('zh-CN', '页面不存在'),
    [ASSET.slice(1)]: 'body { font-family: system-ui, sans-serif; }\n',
    // Astro's `file` format: a page beside the folder of its children.
    'docs.html': page('en', 'Docs index'),
    'docs/quick-start.html': page('en', 'Quick start'),
    // Astro's `directory` format.
    'legal/privacy/index.html': page('en', 'Privacy policy'),
    // The portal's pages with headers of their own, and a neighbour without.
    'portal/checkout.html': page('en', 'Buy credits'),
    'zh-cn/portal/checkout.html': page('zh-CN', '购买额度'),
    'portal/credits.html': page('en', 'Credits'),
    'signup.html': page('en', 'Create your account'),
    'zh-cn/signup.html': page('zh-CN', '创建账户'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  return { root, dir };
}

/** A GET whose path is sent exactly as written (HTTP clients normalise `..` and `%2e%2e` away). */
function rawGet(base: string, path: string): Promise<{ status: number; location: string | undefined; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The API's own headers (helmet's defaults, no page policy), which the site must not change. */
function expectApiHeaders(res: request.Response): void {
  expect(res.headers['content-security-policy']).toBeUndefined();
  expect(res.headers['permissions-policy']).toBeUndefined();
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['strict-transport-security']).toBe(HSTS);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-encoding']).toBeUndefined();
}

/** /v1's answers are JSON and streams for SDKs: of helmet's set they keep nosniff and HSTS only. */
function expectV1Headers(res: request.Response): void {
  expect(res.headers['content-security-policy']).toBeUndefined();
  expect(res.headers['permissions-policy']).toBeUndefined();
  expect(res.headers['x-frame-options']).toBeUndefined();
  expect(res.headers['strict-transport-security']).toBe(HSTS);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-encoding']).toBeUndefined();
}

function expectPageHeaders(res: request.Response, expected: { csp?: string; referrer?: string } = {}): void {
  expect(res.headers['content-security-policy']).toBe(expected.csp ?? CSP);
  expect(res.headers['referrer-policy']).toBe(expected.referrer ?? 'strict-origin-when-cross-origin');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['strict-transport-security']).toBe(HSTS);
  // The checkout page delegates payments to Paddle's frame (checked where it is served).
  const denied = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'interest-cohort', 'browsing-topics'];
  for (const feature of denied.filter((f) => f !== 'payment' || expected.csp === undefined))
    expect(res.headers['permissions-policy']).toContain(`${feature}=()`);
}

describe.each(MODES)('the site on the API port (%s)', (mode) => {
  const site = writeSite();
  const suite = useGatewayWithFakes(mode, {
    SITE_DIR: site.root,
    SECURITY_CONTACT: 'disclose@vipcloud.example',
    PUBLIC_URL: 'http://localhost:4321',
  });
  const http = () => request(suite.gw.url);
  afterAll(() => rmSync(site.dir, { recursive: true, force: true }));

  it('serves the English home at / with the page headers', async () => {
    const res = await http().get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('English home');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['vary']).toMatch(/Cookie/);
    expectPageHeaders(res);
  });

  it('sends a visitor who chose Chinese from / to /zh-cn, and nowhere else', async () => {
    const res = await http().get('/').set('cookie', 'other=1; vc_lang=zh-CN');
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe('/zh-cn');
    expect(res.headers['vary']).toMatch(/Cookie/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((await http().get('/').set('cookie', 'vc_lang=en')).text).toContain('English home');
    const chinese = await http().get('/zh-cn').set('cookie', 'vc_lang=zh-CN');
    expect(chinese.status).toBe(200);
    expect(chinese.text).toContain('中文首页');
    const docs = await http().get('/docs').set('cookie', 'vc_lang=zh-CN');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('Docs index');
  });

  it('lets the switch back to English work without a script: /?lang=en serves English and stores it', async () => {
    const res = await http().get('/?lang=en').set('cookie', 'vc_lang=zh-CN');
    expect(res.status).toBe(200);
    expect(res.text).toContain('English home');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('vc_lang='));
    expect(cookie).toMatch(/^vc_lang=en; Max-Age=31536000; Path=\/; Expires=[^;]+; SameSite=Lax$/);
    // The next visit to / (the browser now sends English) stays on the English home.
    expect((await http().get('/').set('cookie', 'vc_lang=en')).status).toBe(200);
    // Any other value changes nothing.
    const other = await http().get('/?lang=xx').set('cookie', 'vc_lang=zh-CN');
    expect(other.status).toBe(302);
    expect(other.headers['set-cookie']).toBeUndefined();
  });

  it('serves pages in both of Astro’s layouts, without their .html', async () => {
    for (const [path, title] of [
      ['/docs', 'Docs index'],
      ['/docs/quick-start', 'Quick start'],
      ['/legal/privacy', 'Privacy policy'],
      ['/docs.html', 'Docs index'],
    ]) {
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.text).toContain(title);
    }
  });

  it('caches hashed assets for a year and revalidates pages (304)', async () => {
    const asset = await http().get(ASSET);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/css/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const first = await http().get('/docs/quick-start');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['etag']).toBeTruthy();
    expect(first.headers['last-modified']).toBeTruthy();
    const byTag = await http().get('/docs/quick-start').set('if-none-match', first.headers['etag']);
    expect(byTag.status).toBe(304);
    expect(byTag.text).toBe('');
    const byDate = await http().get('/docs/quick-start').set('if-modified-since', first.headers['last-modified']);
    expect(byDate.status).toBe(304);
  });

  it('compresses pages with gzip or brotli, as asked, and never /v1', async () => {
    const gzip = await http().get('/').set('accept-encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toContain('English home');
    const br = await http().get('/legal/privacy').set('accept-encoding', 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/);

    const answer = await http()
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${suite.gw.apiKey}`)
      .set('accept-encoding', 'gzip, br')
      .send({
        model: 'deepseek-flash',
        messages: [{ role: 'user', content: `${directive('reply', 'abcdefghij')} ${directive('repeat', 300)}` }],
      });
    expect(answer.status).toBe(200);
    // Large enough that compression would have applied.
    expect(answer.body.choices[0].message.content.length).toBeGreaterThan(1024);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('keeps the strict policy on the checkout page of a server that offers no checkout', async () => {
    for (const path of [...CHECKOUT_PAGES, '/portal/credits']) {
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expectPageHeaders(res);
      expect(res.headers['permissions-policy']).toContain('payment=()');
    }
  });

  it('sends no referrer from the sign-up page, whose URL carries the pending token', async () => {
    for (const path of SIGN_UP_PAGES) {
      const res = await http().get(`${path}?pending=abc123`);
      expect([path, res.status]).toEqual([path, 200]);
      expectPageHeaders(res, { referrer: 'no-referrer' });
    }
    expectPageHeaders(await http().get('/portal/credits'));
  });

  it('answers unknown pages with the 404 page of their language', async () => {
    const english = await http().get('/no/such/page');
    expect(english.status).toBe(404);
    expect(english.headers['content-type']).toMatch(/^text\/html/);
    expect(english.text).toContain('Page not found');
    expectPageHeaders(english);
    for (const path of ['/zh-cn/no-such-page', '/zh-cn/docs/nope']) {
      const chinese = await http().get(path);
      expect(chinese.status).toBe(404);
      expect(chinese.text).toContain('页面不存在');
    }
  });

  it('never answers the 404 pages themselves with a 200', async () => {
    for (const path of ['/404', '/404.html', '/zh-cn/404', '/zh-cn/404.html']) {
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain(path.startsWith('/zh-cn') ? '页面不存在' : 'Page not found');
    }
  });

  it('keeps the API its handlers, its JSON 404s and its own headers', async () => {
    const unknown = await http().get('/v1/nope').set('accept', 'text/html');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: { message: 'Unknown request URL.', type: 'invalid_request_error', param: null, code: 'not_found' },
    });
    expectV1Headers(unknown);
    // Only reads are pages: another method on a site path is the API's JSON 404.
    expect((await http().post('/docs').send({})).body.error.code).toBe('not_found');

    const health = await http().get('/healthz');
    expect(health.body).toEqual({ status: 'ok' });
    expectApiHeaders(health);
    const gql = await graphql(suite.gw)('{ models { id } }');
    expect(gql.status).toBe(200);
    expect(gql.body.data.models.length).toBeGreaterThan(0);
    expectApiHeaders(gql);
    const models = await http().get('/v1/models').set('authorization', `Bearer ${suite.gw.apiKey}`);
    expect(models.status).toBe(200);
    expectV1Headers(models);
  });

  it('redirects a trailing slash to the canonical URL, and never off the site', async () => {
    const res = await http().get('/docs/?from=nav');
    expect(res.status).toBe(301);
    expect(res.headers['location']).toBe('/docs?from=nav');
    expect((await http().get('/zh-cn/')).headers['location']).toBe('/zh-cn');
    const offsite = await rawGet(suite.gw.url, '//evil.example/');
    expect(offsite.status).toBe(301);
    expect(offsite.location).toBe('/evil.example');
    expect((await rawGet(suite.gw.url, '/\\evil.example/')).location).toBe('/%5Cevil.example');
    expect((await request(suite.gw.url).get('/')).status).toBe(200);
    const location = (await http().get('/docs//')).headers['location'];
    expect(location).toBe('/docs');
  });

  it('refuses to serve anything outside the site', async () => {
    for (const path of [
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/..%2f..%2fpackage.json',
      '/%2E%2E%2Fsecret.txt',
      '/docs/..%5c..%5csecret.txt',
    ]) {
      const res = await rawGet(suite.gw.url, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('"name"');
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await http().head('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['etag']).toBeTruthy();
    expect(res.text ?? '').toBe('');
    expect((await http().head('/nope')).status).toBe(404);
  });

  it('publishes security.txt (RFC 9116) from the configuration and the clock', async () => {
    const clock = suite.gw.app.get(Clock);
    const at = new Date('2031-03-01T10:00:00Z');
    const spy = jest.spyOn(clock, 'now').mockReturnValue(at);
    try {
      const res = await http().get('/.well-known/security.txt');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const fields = Object.fromEntries(
        res.text
          .split('\n')
          .filter((line) => line && !line.startsWith('#'))
          .map((line) => {
            const at = line.indexOf(': ');
            return [line.slice(0, at), line.slice(at + 2)];
          }),
      );
      expect(fields).toEqual({
        Contact: 'mailto:disclose@vipcloud.example',
        Expires: '2031-08-28T10:00:00Z',
        'Preferred-Languages': 'en, zh',
        Canonical: 'http://localhost:4321/.well-known/security.txt',
        Policy: 'http://localhost:4321/docs/security',
      });
      expect(Date.parse(fields.Expires)).toBeGreaterThan(at.getTime());
    } finally {
      spy.mockRestore();
    }
    const now = await http().get('/.well-known/security.txt');
    const expires = /^Expires: (.+)$/m.exec(now.text)?.[1] ?? '';
    expect(Date.parse(expires)).toBeGreaterThan(Date.now());
  });

  it('leaves every API route under a path the site does not serve', () => {
    const paths: string[] = [];
    for (const module of suite.gw.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
        if (!type?.prototype) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
        for (const key of Object.getOwnPropertyNames(type.prototype)) {
          const method = Object.getOwnPropertyDescriptor(type.prototype, key)?.value as unknown;
          if (typeof method !== 'function' || Reflect.getMetadata(METHOD_METADATA, method) === undefined) continue;
          paths.push(
            `/${[base, String(Reflect.getMetadata(PATH_METADATA, method) ?? '')].join('/')}`.replace(/\/+/g, '/'),
          );
        }
      }
    }
    expect(paths).toContain('/.well-known/security.txt');
    const prefixes: readonly string[] = API_PATH_PREFIXES;
    const outside = paths.filter(
      (path) => path !== '/.well-known/security.txt' && !prefixes.some((p) => path === p || path.startsWith(`${p}/`)),
    );
    expect(outside).toEqual([]);
  });
});

describe.each(MODES)('the checkout page of a server that offers checkout (%s)', (mode) => {
  const site = writeSite();
  let paddle: FakePaddle;
  let gw: Gateway;
  beforeAll(async () => {
    paddle = await startFakePaddle();
    // PADDLE_JS_URL left at its default: Paddle's CDN.
    gw = await startGateway(mode, {
      SITE_DIR: site.root,
      PADDLE_API_KEY: paddle.apiKey,
      PADDLE_API_URL: paddle.url,
      PADDLE_CLIENT_TOKEN: 'test_0123456789abcdef',
    });
  });
  afterAll(async () => {
    await gw?.close();
    await paddle?.close();
    rmSync(site.dir, { recursive: true, force: true });
  });

  it("allows Paddle.js and Paddle's checkout frame there, in both languages, and nowhere else", async () => {
    for (const path of CHECKOUT_PAGES) {
      const res = await request(gw.url).get(`${path}?pack=starter`);
      expect([path, res.status]).toEqual([path, 200]);
      expectPageHeaders(res, { csp: CHECKOUT_CSP });
      // Apple Pay and Google Pay inside Paddle's frame; still nothing for the page itself.
      expect(res.headers['permissions-policy']).toContain(
        'payment=("https://buy.paddle.com" "https://sandbox-buy.paddle.com")',
      );
      expect(res.headers['permissions-policy']).toContain('camera=()');
    }
    for (const path of ['/', '/portal/credits', '/zh-cn', '/docs', '/no/such/page', '/portal/checkout/more']) {
      const res = await request(gw.url).get(path);
      expectPageHeaders(res);
      expect(res.headers['permissions-policy']).toContain('payment=()');
    }
    // The trailing-slash form only redirects (to the page, which then gets its policy).
    const slash = await request(gw.url).get('/portal/checkout/');
    expect(slash.status).toBe(301);
    expect(slash.headers['location']).toBe('/portal/checkout');
    const settings = await graphql(gw, (await signedInAccount(gw)).token)('{ checkoutSettings { scriptUrl } }');
    expect(settings.body.data.checkoutSettings.scriptUrl).toBe('https://cdn.paddle.com/paddle/v2/paddle.js');
  });

  it("is what the README's nginx example sends", () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Hosting the site on its own'), readme.indexOf('## Model catalog'));
    for (const policy of [CSP, CHECKOUT_CSP]) expect(section).toContain(`"${policy}"`);
    expect(section).toContain('"no-referrer"');
  });
});

describe.each(MODES)('the API before the site is built (%s)', (mode) => {
  let gw: Gateway;
  let empty: string;
  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'vc-site-empty-'));
    gw = await startGateway(mode, { SITE_DIR: join(empty, 'not-built') });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('starts, says how to build the site, and answers site paths with a plain 404', async () => {
    const log = await eventually(async () => {
      const text = readLog(gw);
      return text.includes('npm run build') && text;
    });
    expect(log.split('\n').filter((line) => line.includes('The site is not built'))).toHaveLength(1);
    for (const path of ['/', '/zh-cn/legal/privacy', '/docs']) {
      const res = await request(gw.url).get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe('Not found.\n');
    }
    expect((await request(gw.url).get('/healthz')).status).toBe(200);
    expect((await request(gw.url).get('/.well-known/security.txt')).text).toContain('mailto:security@vipcloud.ai');
  });
});
