/**
 * Fake OAuth 2.0 authorization server on loopback that plays GitHub (`/github/...`) and Google (`/google/...`)
 * for end-to-end tests of passport-github2 / passport-google-oauth20 sign-in.
 *
 * It is as strict as the real providers so tests can exercise attacks: codes are single-use and short-lived,
 * bound to client, redirect_uri and PKCE challenge; replaying a code revokes the token it produced.
 */
export { startFakeOAuthProvider } from './fake-oauth.server';
export type {
  FakeOAuthClient,
  FakeOAuthFlavor,
  FakeOAuthOptions,
  FakeOAuthProvider,
  FakeOAuthRequest,
  FakeOAuthUser,
} from './fake-oauth.types';
