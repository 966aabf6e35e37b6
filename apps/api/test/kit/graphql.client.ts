import request from 'supertest';

/**
 * The session cookie's name on the plain-http URLs the tests use (on https it gains the `__Host-`
 * prefix). Written out here, not taken from the accounts lib, so a renamed cookie fails the tests.
 */
export const SESSION_COOKIE = 'vc_session';

/** A `Cookie` header value carrying a session token. */
export const sessionCookie = (token: string): string => `${SESSION_COOKIE}=${token}`;

export type Variables = Record<string, unknown>;

/** Sends one GraphQL operation; `.as(token)` gives the same client for another session (null: signed out). */
export interface GraphqlClient {
  (query: string, variables?: Variables): request.Test;
  as(session: string | null | undefined): GraphqlClient;
  /** Posts any JSON body as it is (a batch, a malformed request). */
  post(body: object): request.Test;
}

/** A GraphQL client for a running API, signed in with `session` when one is given. */
export function graphql(target: { url: string } | string, session?: string | null): GraphqlClient {
  const url = typeof target === 'string' ? target : target.url;
  const post = (body: object): request.Test => {
    const req = request(url).post('/graphql').set('content-type', 'application/json');
    return (session ? req.set('cookie', sessionCookie(session)) : req).send(body);
  };
  const client = (query: string, variables?: Variables): request.Test => post({ query, variables });
  return Object.assign(client, { as: (other: string | null | undefined) => graphql(url, other), post });
}
