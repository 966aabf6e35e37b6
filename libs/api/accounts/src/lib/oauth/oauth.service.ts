import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, SharedStore, sha256Hex, TokenCipher } from '@vipcloud/platform';
import { AccountsConfig, InjectAccountsConfig, OAuthProviderId, OAuthSettings } from '../accounts.config';
import type { Request, Response } from 'express';
import { Passport, Profile } from 'passport';
import { Strategy as GitHubStrategy } from 'passport-github2';
import { Strategy as GoogleStrategy } from 'passport-google-oauth20';
import { AccountsService } from '../accounts/accounts.service';
import { AccountEntity } from '../entities/account.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';
import { readSessionToken, setSessionCookie } from '../sessions/session-cookie';
import { SessionClient, SessionsService } from '../sessions/sessions.service';
import { OAuthIdentitiesRepository } from './oauth-identities.repository';
import { FlowState, OAuthStateStore } from './oauth-state.store';
import { EmailInUseError, SignInProviderNotFoundError, SignUpConsentError, SignUpExpiredError } from './oauth.errors';

const SIGN_UP_TTL_MS = 15 * 60_000;
const STATE_ERRORS = new Set(['state_missing', 'state_invalid', 'state_mismatch']);

/** What we keep of a provider profile: the policy's list, nothing more. */
interface ProviderProfile {
  provider: OAuthProviderId;
  subject: string;
  email: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

interface VerifiedUser {
  profile: ProviderProfile;
  refreshToken: string | null;
}

interface PendingSignUp extends ProviderProfile {
  binding: string;
  /** Sealed with the token cipher; the pending record lives in the shared store for minutes. */
  refreshTokenSealed: string | null;
}

export type CallbackOutcome =
  | { kind: 'signed-in' }
  | { kind: 'linked' }
  | { kind: 'sign-up'; pending: string }
  | { kind: 'error'; code: string };

const SCOPES: Record<OAuthProviderId, string[]> = {
  github: ['read:user', 'user:email'],
  google: ['openid', 'email', 'profile'],
};

/**
 * Sign-in with GitHub and Google. Users are keyed by (provider, subject id); a second provider is
 * linked only from a signed-in session, never by matching emails. New users confirm their age and
 * accept the Terms before an account exists.
 */
@Injectable()
export class OAuthService {
  private readonly logger = new Logger('OAuth');
  private readonly passport = new Passport();
  private readonly stateStore: OAuthStateStore;
  private readonly enabled: Map<OAuthProviderId, OAuthSettings>;

  constructor(
    private readonly config: AppConfig,
    private readonly shared: SharedStore,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly identities: OAuthIdentitiesRepository,
    private readonly cipher: TokenCipher,
    private readonly clock: Clock,
    @InjectAccountsConfig() private readonly options: AccountsConfig,
  ) {
    this.stateStore = new OAuthStateStore(shared, sessions, config);
    this.enabled = new Map(options.oauthProviders.map((p) => [p.provider, p]));
    for (const provider of options.oauthProviders) this.passport.use(provider.provider, this.strategy(provider));
  }

  get providers(): OAuthProviderId[] {
    return [...this.enabled.keys()];
  }

  private strategy(s: OAuthSettings): GitHubStrategy | GoogleStrategy {
    const verify = (_req: Request, _access: string, refresh: string | undefined, profile: Profile, done: (e: null, u: VerifiedUser) => void): void => {
      done(null, { profile: normalise(s.provider, profile), refreshToken: refresh || null });
    };
    const common = {
      clientID: s.clientId,
      clientSecret: s.clientSecret,
      callbackURL: s.callbackUrl,
      passReqToCallback: true as const,
      store: this.stateStore,
      ...(s.authorizationUrl ? { authorizationURL: s.authorizationUrl } : {}),
      ...(s.tokenUrl ? { tokenURL: s.tokenUrl } : {}),
      ...(s.userProfileUrl ? { userProfileURL: s.userProfileUrl } : {}),
    };
    if (s.provider === 'github') {
      // allRawEmails keeps GitHub's primary/verified flags, which we require.
      return new GitHubStrategy({ ...common, scope: SCOPES.github, allRawEmails: true, ...(s.userEmailUrl ? { userEmailURL: s.userEmailUrl } : {}) } as never, verify as never);
    }
    return new GoogleStrategy({ ...common, scope: SCOPES.google, pkce: true, state: true } as never, verify as never);
  }

  private settings(provider: string): OAuthSettings {
    const s = this.enabled.get(provider as OAuthProviderId);
    if (!s) throw new SignInProviderNotFoundError(provider);
    return s;
  }

  /** Redirects the browser to the provider, with a one-time state bound to this browser. */
  start(provider: string, req: Request, res: Response): Promise<void> {
    const s = this.settings(provider);
    return new Promise((resolve, reject) => {
      this.passport.authenticate(s.provider, { session: false, scope: SCOPES[s.provider] })(req, res, (err: unknown) => (err ? reject(err) : resolve()));
      res.once('finish', () => resolve());
    });
  }

  /** Handles the provider's redirect back; never throws (the browser gets a redirect either way). */
  async callback(provider: string, req: Request, res: Response, client: SessionClient): Promise<CallbackOutcome> {
    const s = this.settings(provider);
    // On success passport hands back our store's state as `info.state`; on failure `info` is the reason.
    if (typeof req.query['code'] !== 'string' && typeof req.query['error'] !== 'string') {
      // Without either, passport would quietly start a new flow instead of finishing one.
      return { kind: 'error', code: 'state_missing' };
    }
    const result = await new Promise<{ user: VerifiedUser | false; info: { state?: FlowState; message?: string } | undefined; error: unknown }>((resolve) => {
      this.passport.authenticate(s.provider, { session: false }, (error: unknown, user: VerifiedUser | false, info: { state?: FlowState; message?: string } | undefined) =>
        resolve({ user, info, error }),
      )(req, res, (error: unknown) => resolve({ user: false, info: undefined, error }));
    });
    if (result.error || !result.user) {
      if (result.error) this.logger.warn(`${provider} sign-in failed: ${result.error instanceof Error ? result.error.name : 'error'}`);
      // A fixed list: the provider's own error text never reaches our pages.
      const message = result.info?.message;
      return { kind: 'error', code: message && STATE_ERRORS.has(message) ? message : 'provider_error' };
    }
    const flow = result.info?.state;
    if (!flow) return { kind: 'error', code: 'state_invalid' };
    try {
      return await this.complete(result.user, flow, req, res, client);
    } catch (err) {
      this.logger.warn(`${provider} sign-in could not complete: ${err instanceof Error ? err.name : 'error'}`);
      return { kind: 'error', code: 'sign_in_failed' };
    }
  }

  private async complete(user: VerifiedUser, flow: FlowState, req: Request, res: Response, client: SessionClient): Promise<CallbackOutcome> {
    const { profile } = user;
    const existing = await this.identities.findBySubject(profile.provider, profile.subject);
    if (flow.link) {
      // Linking needs the session that asked for it to be alive still, for the same account.
      const current = await this.sessions.resolve(readSessionToken(req, this.config));
      if (!current || current.account.id !== flow.link) return { kind: 'error', code: 'sign_in_required' };
      if (existing && existing.accountId !== flow.link) return { kind: 'error', code: 'identity_in_use' };
      if (!existing) await this.createIdentity(flow.link, profile, user.refreshToken);
      else if (user.refreshToken) await this.identities.setRefreshToken(existing.id, this.cipher.encrypt(user.refreshToken, existing.id));
      return { kind: 'linked' };
    }
    if (existing) {
      const account = await this.accounts.findById(existing.accountId);
      if (!account || account.status !== 'active') return { kind: 'error', code: 'account_inactive' };
      if (user.refreshToken) await this.identities.setRefreshToken(existing.id, this.cipher.encrypt(user.refreshToken, existing.id));
      await this.signIn(account, res, client);
      return { kind: 'signed-in' };
    }
    if (!profile.email) return { kind: 'error', code: 'email_required' };
    const pending = randomBytes(24).toString('base64url');
    const record: PendingSignUp = {
      ...profile,
      binding: flow.binding,
      refreshTokenSealed: user.refreshToken ? this.cipher.encrypt(user.refreshToken, `sign-up:${profile.provider}:${profile.subject}`) : null,
    };
    await this.shared.set(`sign-up:${sha256Hex(pending)}`, JSON.stringify(record), SIGN_UP_TTL_MS);
    return { kind: 'sign-up', pending };
  }

  /**
   * Finishes a sign-up once the user confirmed their age and accepted the current Terms: creates
   * the account and its identity, records both consents, and signs the browser in.
   */
  async completeSignUp(pending: string, adult: boolean, termsVersion: string, req: Request, res: Response, client: SessionClient): Promise<AccountEntity> {
    if (!adult) throw new SignUpConsentError('You must be 18 or over (the age of majority where you live) to use VIPCloud.');
    if (termsVersion !== this.options.termsVersion) throw new SignUpConsentError(`Accept the current Terms of Service (version ${this.options.termsVersion}).`);
    const key = `sign-up:${sha256Hex(pending)}`;
    const raw = await this.shared.get(key);
    if (!raw) throw new SignUpExpiredError();
    const record = JSON.parse(raw) as PendingSignUp;
    if (this.stateStore.bindingOf(req, false) !== record.binding) throw new SignUpExpiredError();
    if (await this.identities.findBySubject(record.provider, record.subject)) throw new SignUpExpiredError();
    if (await this.accounts.findByEmail(record.email as string)) throw new EmailInUseError();
    // Everything that can fail before anything is written; then exactly one submission proceeds.
    const refresh = record.refreshTokenSealed ? this.cipher.decrypt(record.refreshTokenSealed, `sign-up:${record.provider}:${record.subject}`) : null;
    if (!(await this.shared.take(key))) throw new SignUpExpiredError();
    const now = this.clock.now();
    const account = await this.accounts.prepare(record.email as string, {
      displayName: record.displayName, avatarUrl: record.avatarUrl, adultConfirmedAt: now, termsVersion, termsAcceptedAt: now,
    });
    await this.identities.insertWithAccount(account, this.newIdentity(account.id, record, refresh));
    await this.signIn(account, res, client);
    return account;
  }

  /** Re-seals every stored refresh token under the newest key (after adding a key). */
  async reencryptRefreshTokens(): Promise<number> {
    let changed = 0;
    for (const identity of await this.identities.withRefreshTokens()) {
      const sealed = identity.refreshTokenSealed as string;
      const resealed = this.cipher.reencrypt(sealed, identity.id);
      if (resealed !== sealed) {
        await this.identities.setRefreshToken(identity.id, resealed);
        changed++;
      }
    }
    return changed;
  }

  private async createIdentity(accountId: string, profile: ProviderProfile, refreshToken: string | null): Promise<void> {
    await this.identities.insert(this.newIdentity(accountId, profile, refreshToken));
  }

  private newIdentity(accountId: string, profile: ProviderProfile, refreshToken: string | null): OAuthIdentityEntity {
    const id = randomUUID();
    return Object.assign(new OAuthIdentityEntity(), {
      id, accountId, provider: profile.provider, subject: profile.subject, createdAt: this.clock.now(),
      refreshTokenSealed: refreshToken ? this.cipher.encrypt(refreshToken, id) : null,
    });
  }

  /** A new session token at every sign-in: whatever the cookie held before is worth nothing now. */
  private async signIn(account: AccountEntity, res: Response, client: SessionClient): Promise<void> {
    const { token } = await this.sessions.start(account.id, client);
    setSessionCookie(res, token, this.config);
  }
}

/** Only an address the provider has verified; GitHub's must also be the primary one. */
function verifiedEmail(provider: OAuthProviderId, p: Profile): string | null {
  if (provider === 'github') {
    const raw = (p.emails ?? []) as Array<{ value: string; primary?: boolean; verified?: boolean }>;
    return raw.find((e) => e.primary === true && e.verified === true)?.value ?? null;
  }
  return (p.emails as Array<{ value: string; verified?: boolean }> | undefined)?.find((e) => e.verified === true)?.value ?? null;
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
