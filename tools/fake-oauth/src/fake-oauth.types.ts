export type FakeOAuthFlavor = 'github' | 'google';

export interface FakeOAuthUser {
  /** GitHub numeric id (as a string of digits) or Google `sub`. */
  subject: string;
  email: string;
  name: string;
  avatarUrl: string;
  /** GitHub login; default derived from the email's local part. */
  login?: string;
  /** Whether the token response includes a refresh_token (Google gives one with access_type=offline; GitHub apps may). */
  refreshToken?: string | null;
}

export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface FakeOAuthRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeOAuthOptions {
  clients: FakeOAuthClient[];
}

export interface FakeOAuthProvider {
  readonly origin: string;
  /** For passport-github2: authorizationURL, tokenURL, userProfileURL, userEmailURL */
  readonly github: { authorizationURL: string; tokenURL: string; userProfileURL: string; userEmailURL: string };
  /** For passport-google-oauth20: authorizationURL, tokenURL, userProfileURL */
  readonly google: { authorizationURL: string; tokenURL: string; userProfileURL: string };
  /**
   * The user who "consents" at the next /authorize of that flavor; `null` makes the user decline
   * (the redirect carries `error=access_denied`).
   */
  setUser(flavor: FakeOAuthFlavor, user: FakeOAuthUser | null): void;
  /** Every request received, oldest first. */
  readonly requests: FakeOAuthRequest[];
  /** Forgets requests, users, codes and access tokens. */
  reset(): void;
  close(): Promise<void>;
}
