import { FactoryProvider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import type { Profile } from 'passport';
import { Strategy as GitHubPassportStrategy, StrategyOptionsWithRequest } from 'passport-github2';
import { Strategy as GooglePassportStrategy } from 'passport-google-oauth20';
import { AccountsConfig, accountsConfig, OAuthProviderId, OAuthSettings } from '../accounts.config';
import { OAuthStateStore } from './oauth-state.store';

/** What we keep of a provider profile: the policy's list, nothing more. */
export interface ProviderProfile {
  provider: OAuthProviderId;
  subject: string;
  email: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

/** What a strategy hands back once the provider has vouched for the user. */
export interface VerifiedUser {
  profile: ProviderProfile;
  refreshToken: string | null;
}

const SCOPES: Record<OAuthProviderId, string[]> = {
  github: ['read:user', 'user:email'],
  google: ['openid', 'email', 'profile'],
};

/** The options both providers share: our one-time state store, and endpoint overrides for tests. */
function commonOptions(s: OAuthSettings, store: OAuthStateStore) {
  return {
    clientID: s.clientId,
    clientSecret: s.clientSecret,
    callbackURL: s.callbackUrl,
    passReqToCallback: true as const,
    // The typings know only the store without PKCE; passport-oauth2 picks the PKCE form by arity.
    store: store as unknown as StrategyOptionsWithRequest['store'],
    ...(s.authorizationUrl ? { authorizationURL: s.authorizationUrl } : {}),
    ...(s.tokenUrl ? { tokenURL: s.tokenUrl } : {}),
    ...(s.userProfileUrl ? { userProfileURL: s.userProfileUrl } : {}),
  };
}

/** Sign-in with GitHub, registered with passport as 'github'. */
export class GitHubStrategy extends PassportStrategy(GitHubPassportStrategy, 'github') {
  constructor(s: OAuthSettings, store: OAuthStateStore) {
    super({
      ...commonOptions(s, store),
      scope: SCOPES.github,
      // allRawEmails keeps GitHub's primary/verified flags, which we require.
      allRawEmails: true,
      ...(s.userEmailUrl ? { userEmailURL: s.userEmailUrl } : {}),
    });
  }

  validate(_req: Request, _access: string, refresh: string | undefined, profile: Profile): VerifiedUser {
    return { profile: normalise('github', profile), refreshToken: refresh || null };
  }
}

/** Sign-in with Google, registered with passport as 'google'; the code exchange uses PKCE (S256). */
export class GoogleStrategy extends PassportStrategy(GooglePassportStrategy, 'google') {
  constructor(s: OAuthSettings, store: OAuthStateStore) {
    super({ ...commonOptions(s, store), scope: SCOPES.google, pkce: true, state: true });
  }

  validate(_req: Request, _access: string, refresh: string | undefined, profile: Profile): VerifiedUser {
    return { profile: normalise('google', profile), refreshToken: refresh || null };
  }
}

/**
 * A strategy exists only for a configured provider (passport-oauth2 refuses one without a client
 * id), and only in an application that serves HTTP. @nestjs/passport registers strategies on
 * passport's process-wide instance (`passport.use`), where the sign-in code used a private one.
 * Process-wide is fine for the API, the only application serving /auth in its process; but the
 * worker and CLI contexts load this module too, and in the end-to-end tests they run in the API's
 * process with the same settings: were they to register, their strategies (and their stores and
 * sessions) would replace the API's. They have no HTTP adapter, so they register none.
 */
function strategyProvider(
  provider: OAuthProviderId,
  create: (s: OAuthSettings, store: OAuthStateStore) => GitHubStrategy | GoogleStrategy,
): FactoryProvider<GitHubStrategy | GoogleStrategy | null> {
  return {
    provide: `oauth-strategy:${provider}`,
    inject: [accountsConfig.token, OAuthStateStore, HttpAdapterHost],
    useFactory: (config: AccountsConfig, store: OAuthStateStore, http: HttpAdapterHost) => {
      const settings = config.oauthProviders.find((p) => p.provider === provider);
      return settings && http.httpAdapter ? create(settings, store) : null;
    },
  };
}

export const OAUTH_STRATEGIES: FactoryProvider[] = [
  strategyProvider('github', (s, store) => new GitHubStrategy(s, store)),
  strategyProvider('google', (s, store) => new GoogleStrategy(s, store)),
];

/** Only an address the provider has verified; GitHub's must also be the primary one. */
function verifiedEmail(provider: OAuthProviderId, p: Profile): string | null {
  if (provider === 'github') {
    const raw = (p.emails ?? []) as Array<{ value: string; primary?: boolean; verified?: boolean }>;
    return raw.find((e) => e.primary === true && e.verified === true)?.value ?? null;
  }
  const emails = p.emails as Array<{ value: string; verified?: boolean }> | undefined;
  return emails?.find((e) => e.verified === true)?.value ?? null;
}

function normalise(provider: OAuthProviderId, p: Profile): ProviderProfile {
  const email = verifiedEmail(provider, p);
  return {
    provider,
    subject: String(p.id),
    email: email ? email.toLowerCase() : null,
    displayName: p.displayName || p.username || null,
    avatarUrl: p.photos?.[0]?.value ?? null,
  };
}
