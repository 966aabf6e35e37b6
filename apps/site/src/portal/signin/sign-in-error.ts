/** The sentence the sign-in page shows for `?error=<code>`, which the API adds when a sign-in fails. */
import { SIGN_IN_ERRORS, type SignInErrorCode } from '@vipcloud/contracts';
import type { PortalLocale } from '../lib/portal-locale';
import { signInText as text } from './sign-in.strings';

function isSignInErrorCode(code: string): code is SignInErrorCode {
  return Object.prototype.hasOwnProperty.call(SIGN_IN_ERRORS, code);
}

/** The sentence for `?error=<code>`; a code this page does not know still gets a sentence. */
export function signInErrorSentence(locale: PortalLocale, code: string): string {
  if (isSignInErrorCode(code)) return SIGN_IN_ERRORS[code][locale];
  // Only a short, plain code is repeated on the page: the address is anyone's to write.
  if (/^[a-z0-9_]{1,40}$/.test(code)) return text(locale, 'error.unknown', { code });
  return SIGN_IN_ERRORS.sign_in_failed[locale];
}
