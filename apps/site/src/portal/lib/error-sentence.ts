/**
 * The sentence a person reads for an API error, in their language: the API's own code
 * (`extensions.reason`, listed with sentences in API_ERRORS) when it sent one, else the GraphQL code's
 * (GRAPHQL_ERROR_SENTENCES). A spec checks that every code the API can send has both languages.
 */
import { API_ERRORS, GRAPHQL_ERROR_SENTENCES, type ApiErrorCode } from '@vipcloud/contracts';
import type { PortalLocale } from './portal-locale';

function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.prototype.hasOwnProperty.call(API_ERRORS, code);
}

function isGraphqlCode(code: string): code is keyof typeof GRAPHQL_ERROR_SENTENCES {
  return Object.prototype.hasOwnProperty.call(GRAPHQL_ERROR_SENTENCES, code);
}

export function errorSentence(locale: PortalLocale, code: string, reason: string | null): string {
  if (reason && isApiErrorCode(reason)) {
    const { meaning, action } = API_ERRORS[reason][locale];
    // The catalog is written for the docs, with `code` marks: plain text here.
    // Chinese sentences end in full-width punctuation and take no space between them.
    return `${meaning}${locale === 'en' ? ' ' : ''}${action}`.replace(/`/g, '');
  }
  if (isGraphqlCode(code)) return GRAPHQL_ERROR_SENTENCES[code][locale];
  return GRAPHQL_ERROR_SENTENCES.INTERNAL_SERVER_ERROR[locale];
}
