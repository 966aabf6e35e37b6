/**
 * Why a sign-in did not complete: the API redirects to `/signin?error=<code>` and the sign-in page shows
 * the sentence for the code, in the page's language.
 */
export const SIGN_IN_ERROR_CODES = [
  'sign_in_failed',
  'sign_in_required',
  'identity_in_use',
  'account_inactive',
  'email_required',
  'provider_error',
  'state_missing',
  'state_invalid',
  'state_mismatch',
  'callback_expected',
] as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[number];

export const SIGN_IN_ERRORS: Record<SignInErrorCode, { en: string; 'zh-cn': string }> = {
  sign_in_failed: {
    en: 'Sign-in did not complete. Please try again.',
    'zh-cn': '登录未完成，请重试。',
  },
  sign_in_required: {
    en: 'Please sign in to continue.',
    'zh-cn': '请先登录再继续。',
  },
  identity_in_use: {
    en: 'That GitHub or Google account is already linked to another VIPCloud account. Sign in with it instead, or link a different one.',
    'zh-cn': '该 GitHub 或 Google 账户已关联到另一个 VIPCloud 账户。请直接用它登录，或关联其他账户。',
  },
  account_inactive: {
    en: 'This account is suspended or closed. Contact support if you think this is a mistake.',
    'zh-cn': '该账户已被停用或注销。如有疑问，请联系支持团队。',
  },
  email_required: {
    en: 'The provider did not share a verified email address. Add one to your account there, or sign in with another provider.',
    'zh-cn': '登录方式未提供经过验证的邮箱地址。请先在该平台的账户中添加，或改用其他登录方式。',
  },
  provider_error: {
    en: 'The sign-in provider could not be reached or answered with an error. Try again in a moment.',
    'zh-cn': '无法连接登录平台，或平台返回了错误。请稍后重试。',
  },
  state_missing: {
    en: 'The sign-in could not be verified: this browser did not keep its check. Allow cookies for this site and start again.',
    'zh-cn': '无法验证此次登录：浏览器没有保留校验信息。请允许本站使用 Cookie 后重新开始。',
  },
  state_invalid: {
    en: 'The sign-in could not be verified, or it took too long. Start again from this page.',
    'zh-cn': '无法验证此次登录，或耗时过长。请从本页重新开始。',
  },
  state_mismatch: {
    en: 'The sign-in was started in another tab or browser. Start again from this page.',
    'zh-cn': '此次登录是在另一个标签页或浏览器中发起的。请从本页重新开始。',
  },
  callback_expected: {
    en: 'The sign-in address was opened directly instead of through the provider. Start again from this page.',
    'zh-cn': '登录回调地址被直接打开，而不是经由登录平台跳转。请从本页重新开始。',
  },
};
