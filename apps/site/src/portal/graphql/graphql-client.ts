/**
 * The portal's one way to the API: POST /graphql with the session cookie. Every answer is either the
 * operation's typed data or a PortalError carrying a sentence in the page's language; a signed-out
 * user is sent to the sign-in page (and back here afterwards).
 */
import { NETWORK_ERROR } from '@vipcloud/contracts';
import { errorSentence } from '../lib/error-sentence';
import { portalHref, type PortalLocale } from '../lib/portal-locale';
import type { TypedDocumentString } from './generated/graphql';

export class PortalError extends Error {
  constructor(
    /** `extensions.code` (UNAUTHENTICATED, BAD_USER_INPUT, …) or NETWORK_ERROR. */
    readonly code: string,
    /** The API's own code (`extensions.reason`, e.g. `terms_version_not_current`), when it sent one. */
    readonly reason: string | null,
    /** A sentence for the person using the page, in its language. */
    message: string,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

/** The sign-in page for this locale, returning to the current page once signed in. */
export function signInHref(locale: PortalLocale, next = location.pathname + location.search): string {
  return `${portalHref(locale, '/signin')}?next=${encodeURIComponent(next)}`;
}

export interface RequestOptions {
  /** Leave a signed-out answer to the caller instead of going to the sign-in page (the sign-up page). */
  allowSignedOut?: boolean;
  signal?: AbortSignal;
}

export async function request<TResult, TVariables>(
  locale: PortalLocale,
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<TResult> {
  let answer: GraphqlAnswer<TResult>;
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      // JSON is not a "simple" content type: Apollo's CSRF prevention accepts it, and a form on
      // another site cannot send it without a preflight our server never grants.
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      signal: options.signal,
    });
    answer = (await response.json()) as GraphqlAnswer<TResult>;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new PortalError(NETWORK_ERROR, null, errorSentence(locale, NETWORK_ERROR, null));
  }
  const first = answer.errors?.[0];
  if (first || !answer.data) {
    const code = first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const reason = first?.extensions?.reason ?? null;
    if (code === 'UNAUTHENTICATED' && !options.allowSignedOut) location.assign(signInHref(locale));
    throw new PortalError(code, reason, errorSentence(locale, code, reason));
  }
  return answer.data;
}

/** The sentence to show for anything a request threw. */
export function describeError(locale: PortalLocale, err: unknown): string {
  return err instanceof PortalError ? err.message : errorSentence(locale, 'INTERNAL_SERVER_ERROR', null);
}
