import { SIGN_IN_ERROR_CODES, SIGN_IN_ERRORS } from '@vipcloud/contracts';
import { browserName } from '../src/portal/sessions/user-agent';
import { signInErrorSentence } from '../src/portal/signin/sign-in-error';
import { safeNextPath } from '../src/portal/lib/next-path';

describe('where the Terms page goes after acceptance (?next=)', () => {
  const fallback = '/portal';

  it('returns to a portal page of this site, in either language, with its query', () => {
    expect(safeNextPath('/portal/keys', fallback)).toBe('/portal/keys');
    expect(safeNextPath('/portal', fallback)).toBe('/portal');
    expect(safeNextPath('/zh-cn/portal/usage?from=2026-11-01', fallback)).toBe('/zh-cn/portal/usage?from=2026-11-01');
    expect(safeNextPath('/portal/receipt?purchase=p_1#top', fallback)).toBe('/portal/receipt?purchase=p_1#top');
  });

  it.each([
    null,
    '',
    'portal/keys',
    'https://evil.example/portal',
    '//evil.example/portal',
    '/\\evil.example/portal',
    '/portal\\..\\..\\x',
    ' /portal',
    '/portalx',
    '/docs',
    '/zh-cn/docs',
    '/portal/../signin',
    '/portal/%2e%2e/signin',
    '/portal/terms',
    '/zh-cn/portal/terms?next=/portal',
    'javascript:alert(1)',
  ])('sends %p to the overview instead', (next) => {
    expect(safeNextPath(next, fallback)).toBe(fallback);
  });
});

describe('session browser names', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome',
      'Linux',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Safari',
      'iPhone',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox', 'Windows'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge',
      'Windows',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome',
      'Android',
    ],
    ['curl/8.5.0', null, null],
  ])('%s', (userAgent, browser, os) => {
    expect(browserName(userAgent)).toEqual({ browser, os });
  });
});

describe('sign-in error sentences', () => {
  it('has a sentence in both languages for every code', () => {
    for (const code of SIGN_IN_ERROR_CODES) {
      expect(SIGN_IN_ERRORS[code].en).toMatch(/\.$/);
      expect(SIGN_IN_ERRORS[code]['zh-cn']).toMatch(/。$/);
      expect(signInErrorSentence('zh-cn', code)).toBe(SIGN_IN_ERRORS[code]['zh-cn']);
    }
  });

  it('names an unknown plain code, and repeats nothing else from the address', () => {
    expect(signInErrorSentence('en', 'new_code')).toContain('new_code');
    expect(signInErrorSentence('en', '<img src=x>')).toBe(SIGN_IN_ERRORS.sign_in_failed.en);
    expect(signInErrorSentence('en', 'constructor')).toContain('constructor');
  });
});
