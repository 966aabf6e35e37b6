/**
 * Every code the sign-in flow can send the browser back with (`/signin?error=<code>`), with the
 * sentence the sign-in page shows for it in both languages: what happened, then what to do. The API
 * types its sign-in outcomes by `SignInErrorCode`, so it cannot redirect with a code missing here,
 * and a unit test scans the OAuth sources for literal codes as well.
 */
export const SIGN_IN_ERRORS = {
  sign_in_failed: {
    en: 'Something went wrong on our side while signing you in. Please try again in a moment.',
    'zh-cn': '登录时我们这边出了问题。请稍后再试。',
  },
  sign_in_required: {
    en: 'Your session ended before the account could be linked. Sign in again, then link it from your settings.',
    'zh-cn': '在关联账户之前，您的会话已结束。请重新登录，然后在设置中再次关联。',
  },
  identity_in_use: {
    en: 'That sign-in account is already linked to another VIPCloud account. Sign in with it to use that account instead.',
    'zh-cn': '该登录账户已关联到另一个 VIPCloud 账户。如需使用那个账户，请直接用它登录。',
  },
  account_inactive: {
    en: 'This VIPCloud account is suspended or closed, so you cannot sign in. Contact support if you think this is a mistake.',
    'zh-cn': '此 VIPCloud 账户已被暂停或关闭，无法登录。如认为有误，请联系客服。',
  },
  email_required: {
    en: 'The provider did not share a verified email address with us. Add or verify an email address with the provider, then try again.',
    'zh-cn': '登录服务商没有向我们提供已验证的邮箱地址。请先在该服务商处添加或验证邮箱，然后重试。',
  },
  provider_error: {
    en: 'The sign-in provider did not complete the sign-in (you may have cancelled it). Please try again.',
    'zh-cn': '登录服务商未能完成登录（可能是您取消了授权）。请重试。',
  },
  state_missing: {
    en: 'The sign-in link was incomplete. Start again from the sign-in page.',
    'zh-cn': '登录链接不完整。请从登录页面重新开始。',
  },
  state_invalid: {
    en: 'This sign-in attempt has expired or was already used. Start again from the sign-in page.',
    'zh-cn': '此次登录已过期或已被使用。请从登录页面重新开始。',
  },
  state_mismatch: {
    en: 'This sign-in was started in another browser. Start again from the sign-in page in this browser.',
    'zh-cn': '此次登录是在另一个浏览器中发起的。请在当前浏览器中从登录页面重新开始。',
  },
  callback_expected: {
    en: 'The sign-in link was not used as expected. Start again from the sign-in page.',
    'zh-cn': '登录链接的使用方式不正确。请从登录页面重新开始。',
  },
} as const satisfies Record<string, { en: string; 'zh-cn': string }>;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

export const SIGN_IN_ERROR_CODES = Object.keys(SIGN_IN_ERRORS) as SignInErrorCode[];

/** Whether a value read from the page's query string is a known code (anything else: show a general sentence). */
export function isSignInErrorCode(value: string): value is SignInErrorCode {
  return Object.prototype.hasOwnProperty.call(SIGN_IN_ERRORS, value);
}
