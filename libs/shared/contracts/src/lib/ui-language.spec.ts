import { LANGUAGE_COOKIE, UI_LANGUAGES } from '../index';

describe('UI languages', () => {
  it('are English and Simplified Chinese, kept in the vc_lang cookie', () => {
    expect(UI_LANGUAGES).toEqual(['en', 'zh-CN']);
    expect(LANGUAGE_COOKIE).toBe('vc_lang');
  });
});
