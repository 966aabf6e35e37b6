/** The languages the site is published in; the API accepts only these as a UI preference. */
export const UI_LANGUAGES = ['en', 'zh-CN'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/**
 * The UI language cookie: set by the API (POST /preferences/language), read by the site's scripts,
 * so it is not httpOnly. It holds a language code and nothing else.
 */
export const LANGUAGE_COOKIE = 'vc_lang';
