import { canonicalPath, isApiPath, isChinesePath, pageAlternatives, SITE_PERMISSIONS_POLICY } from './site-rules';

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
});
