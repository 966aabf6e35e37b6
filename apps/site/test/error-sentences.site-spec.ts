/**
 * Whatever error the API can send the portal, the portal has a sentence for it in both languages:
 * every API error code a GraphQL operation can carry (`extensions.reason`: API_ERRORS whose `where` is
 * graphql or both), every GraphQL code (`extensions.code`) and the portal's own NETWORK_ERROR — each
 * read through errorSentence(), the one function the pages show errors with — and every code a failed
 * sign-in comes back with (`/signin?error=`, SIGN_IN_ERRORS), through the sign-in page's own function.
 */
import {
  API_ERRORS,
  GRAPHQL_ERROR_CODES,
  GRAPHQL_ERROR_SENTENCES,
  NETWORK_ERROR,
  SIGN_IN_ERRORS,
} from '@vipcloud/contracts';
import { errorSentence } from '../src/portal/lib/error-sentence';
import { signInErrorSentence } from '../src/portal/signin/sign-in-error';

const LOCALES = ['en', 'zh-cn'] as const;
/** Chinese text has Han characters (a sentence left in English would not). */
const HAN = /\p{Script=Han}/u;
const fallback = (locale: (typeof LOCALES)[number]) => GRAPHQL_ERROR_SENTENCES.INTERNAL_SERVER_ERROR[locale];

const graphqlReasons = Object.entries(API_ERRORS)
  .filter(([, definition]) => definition.where === 'graphql' || definition.where === 'both')
  .map(([code]) => code);

function expectSentences(sentences: Record<(typeof LOCALES)[number], string>): void {
  for (const locale of LOCALES) {
    expect(sentences[locale].trim()).not.toBe('');
    // Plain text: the catalog's `code` marks are for the docs.
    expect(sentences[locale]).not.toContain('`');
  }
  expect(sentences['zh-cn']).toMatch(HAN);
  expect(sentences['zh-cn']).not.toBe(sentences.en);
}

describe('the portal’s error sentences', () => {
  it('finds the codes GraphQL operations carry', () => {
    expect(graphqlReasons.length).toBeGreaterThan(5);
  });

  it.each(graphqlReasons)('API error %s has its own sentence in English and Chinese', (code) => {
    const sentences = {
      en: errorSentence('en', 'BAD_USER_INPUT', code),
      'zh-cn': errorSentence('zh-cn', 'BAD_USER_INPUT', code),
    };
    expectSentences(sentences);
    // Its own sentence, not the generic one for the GraphQL code.
    for (const locale of LOCALES) expect(sentences[locale]).not.toBe(GRAPHQL_ERROR_SENTENCES.BAD_USER_INPUT[locale]);
  });

  it.each([...GRAPHQL_ERROR_CODES, NETWORK_ERROR])('GraphQL code %s has a sentence in English and Chinese', (code) => {
    const sentences = { en: errorSentence('en', code, null), 'zh-cn': errorSentence('zh-cn', code, null) };
    expectSentences(sentences);
    if (code !== 'INTERNAL_SERVER_ERROR')
      for (const locale of LOCALES) expect(sentences[locale]).not.toBe(fallback(locale));
  });

  it.each(Object.keys(SIGN_IN_ERRORS))('sign-in error %s has a sentence in English and Chinese', (code) => {
    const sentences = { en: signInErrorSentence('en', code), 'zh-cn': signInErrorSentence('zh-cn', code) };
    expectSentences(sentences);
    // Its own sentence, not the one for a failure in general.
    if (code !== 'sign_in_failed') {
      for (const locale of LOCALES) expect(sentences[locale]).not.toBe(signInErrorSentence(locale, 'sign_in_failed'));
    }
  });

  it('answers a code it does not know with the generic sentence, never an empty one', () => {
    for (const locale of LOCALES)
      expect(errorSentence(locale, 'SOMETHING_NEW', 'no_such_reason')).toBe(fallback(locale));
  });
});
