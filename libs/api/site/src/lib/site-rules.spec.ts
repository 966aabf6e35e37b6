import {
  canonicalPath,
  checkoutContentSecurityPolicy,
  contentSecurityPolicy,
  isApiPath,
  isChinesePath,
  pageAlternatives,
  permissionsPolicy,
  referrerPolicy,
  scriptOrigin,
  SITE_CONTENT_SECURITY_POLICY,
  SITE_PERMISSIONS_POLICY,
} from './site-rules';

/** A policy's directives by name, each a list of its sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const PADDLE = 'https://cdn.paddle.com';
const CHECKOUT_PAGES = [
  '/portal/checkout',
  '/zh-cn/portal/checkout',
  '/portal/checkout.html',
  '/zh-cn/portal/checkout.html',
];

describe('site rules', () => {
  it('leaves the API its paths, whatever their case', () => {
    for (const path of ['/v1', '/v1/nope', '/V1/models', '/graphql', '/auth/github', '/webhooks/paddle', '/healthz'])
      expect(isApiPath(path)).toBe(true);
    for (const path of ['/', '/v10', '/docs', '/graphqlx', '/zh-cn/v1', '/legal/privacy'])
      expect(isApiPath(path)).toBe(false);
  });

  it('finds the Chinese pages', () => {
    expect(isChinesePath('/zh-cn')).toBe(true);
    expect(isChinesePath('/zh-cn/docs/nope')).toBe(true);
    expect(isChinesePath('/zh-cnx')).toBe(false);
    expect(isChinesePath('/docs/zh-cn')).toBe(false);
  });

  // The root is the one canonical path with a slash; `//host/` or `/\host/` must not leave the site.
  it.each([
    ['/', null],
    ['/docs', null],
    ['/docs/', '/docs'],
    ['/zh-cn/legal/privacy//', '/zh-cn/legal/privacy'],
    ['///', '/'],
    ['//evil.example/', '/evil.example'],
    ['/\\evil.example/', '/%5Cevil.example'],
  ])('redirects %s to %s', (path, canonical) => {
    expect(canonicalPath(path)).toBe(canonical);
  });

  it('tries a page as a file and as a folder', () => {
    expect(pageAlternatives('/docs')).toEqual(['/docs.html', '/docs/']);
    expect(pageAlternatives('/')).toEqual([]);
    expect(pageAlternatives('/_astro/app.3f9a.css')).toEqual([]);
  });

  it('denies the powerful features', () => {
    for (const feature of [
      'camera',
      'microphone',
      'geolocation',
      'payment',
      'usb',
      'interest-cohort',
      'browsing-topics',
    ])
      expect(SITE_PERMISSIONS_POLICY).toContain(`${feature}=()`);
  });

  it('relaxes the policy on the checkout page alone, and only for Paddle', () => {
    for (const path of CHECKOUT_PAGES)
      expect(contentSecurityPolicy(path, PADDLE)).toBe(checkoutContentSecurityPolicy(PADDLE));
    for (const path of [
      '/',
      '/portal',
      '/portal/credits',
      '/portal/checkout/',
      '/portal/checkout/x',
      '/portal/checkoutx',
      '/docs/portal/checkout',
      '/zh-cn/portal/receipt',
      '/signup',
    ])
      expect(contentSecurityPolicy(path, PADDLE)).toBe(SITE_CONTENT_SECURITY_POLICY);
    // A server without checkout keeps the strict policy there too.
    for (const path of CHECKOUT_PAGES) expect(contentSecurityPolicy(path, null)).toBe(SITE_CONTENT_SECURITY_POLICY);
  });

  it("allows on the checkout page what Paddle.js needs, and still no inline code or other origin's script", () => {
    const checkout = directives(checkoutContentSecurityPolicy(PADDLE));
    const site = directives(SITE_CONTENT_SECURITY_POLICY);
    expect(checkout['script-src']).toEqual(["'self'", PADDLE]);
    expect(checkout['frame-src']).toEqual(
      expect.arrayContaining(['https://buy.paddle.com', 'https://sandbox-buy.paddle.com']),
    );
    expect(checkout['style-src']).toEqual(expect.arrayContaining(["'self'", PADDLE, 'https://sandbox-cdn.paddle.com']));
    expect(checkout['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:', PADDLE]));
    expect(checkout['connect-src']).toEqual(expect.arrayContaining(["'self'", 'https://checkout-service.paddle.com']));
    // Each source once, even when the script's origin is one of Paddle's asset hosts.
    for (const sources of Object.values(checkout)) expect(new Set(sources).size).toBe(sources.length);
    for (const name of ['default-src', 'font-src', 'frame-ancestors', 'base-uri', 'form-action', 'object-src'])
      expect(checkout[name]).toEqual(site[name]);
    expect(checkoutContentSecurityPolicy(PADDLE)).not.toMatch(/unsafe|\*/);
    // A stand-in Paddle.js on loopback (tests) is the one script origin added, and may show its frame.
    const standIn = directives(
      checkoutContentSecurityPolicy(scriptOrigin('http://127.0.0.1:4010/paddle/v2/paddle.js')),
    );
    expect(standIn['script-src']).toEqual(["'self'", 'http://127.0.0.1:4010']);
    expect(standIn['frame-src']).toContain('http://127.0.0.1:4010');
  });

  it("lets only Paddle's checkout frame use payments, on the checkout page alone", () => {
    expect(permissionsPolicy('/portal/checkout', PADDLE)).toContain(
      'payment=("https://buy.paddle.com" "https://sandbox-buy.paddle.com")',
    );
    expect(permissionsPolicy('/portal/checkout', PADDLE)).toContain('camera=()');
    expect(permissionsPolicy('/portal/checkout', null)).toBe(SITE_PERMISSIONS_POLICY);
    expect(permissionsPolicy('/portal/credits', PADDLE)).toBe(SITE_PERMISSIONS_POLICY);
  });

  it('sends no referrer from the sign-up page, whose URL carries the pending token', () => {
    for (const path of ['/signup', '/zh-cn/signup', '/signup.html', '/zh-cn/signup.html'])
      expect(referrerPolicy(path)).toBe('no-referrer');
    for (const path of ['/', '/signin', '/signup/x', '/portal', '/zh-cn/signupx'])
      expect(referrerPolicy(path)).toBe('strict-origin-when-cross-origin');
  });

  it('names a script by its origin', () => {
    expect(scriptOrigin('https://cdn.paddle.com/paddle/v2/paddle.js')).toBe(PADDLE);
    expect(scriptOrigin('http://127.0.0.1:4010/x.js?v=1')).toBe('http://127.0.0.1:4010');
  });
});
