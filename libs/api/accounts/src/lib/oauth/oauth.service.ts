import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { SignInErrorCode } from '@vipcloud/contracts';
import { AppConfig, Clock, SharedStore, sha256Hex, TokenCipher } from '@vipcloud/platform';
import { AccountsConfig, InjectAccountsConfig, OAuthProviderId } from '../accounts.config';
import type { Request, Response } from 'express';
import { AccountsService } from '../accounts/accounts.service';
import { AccountClosureService } from '../closure/account-closure.service';
import { AccountEntity } from '../entities/account.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';
import { readSessionToken, setSessionCookie } from '../sessions/session-cookie';
import { TermsService } from '../terms/terms.service';
import { SessionClient, SessionsService } from '../sessions/sessions.service';
import { OAuthIdentitiesRepository } from './oauth-identities.repository';
import { FlowState, OAuthStateStore } from './oauth-state.store';
import {
  EmailInUseError,
  IdentityLinkedElsewhereError,
  InvalidSubjectError,
  SignUpConsentError,
  SignUpExpiredError,
} from './oauth.errors';
import type { ProviderResult } from './oauth.guards';
import type { ProviderProfile, VerifiedUser } from './oauth.strategies';

const SIGN_UP_TTL_MS = 15 * 60_000;
const PROVIDER_ORDER: readonly OAuthProviderId[] = ['github', 'google'];
/** GitHub's user ids are positive integers; Google's `sub` is an opaque string of at most 255 characters. */
const SUBJECT_PATTERNS: Record<OAuthProviderId, RegExp> = { github: /^[1-9]\d{0,19}$/, google: /^[\x21-\x7e]{1,255}$/ };
interface PendingSignUp extends ProviderProfile {
  binding: string;
  /** Sealed with the token cipher; the pending record lives in the shared store for minutes. */
  refreshTokenSealed: string | null;
}

export type CallbackOutcome =
  | { kind: 'signed-in'; next: string | null }
  /** Signed in to an account in its grace period, which is open again. */
  | { kind: 'reopened' }
  | { kind: 'linked' }
  | { kind: 'sign-up'; pending: string }
  | { kind: 'error'; code: SignInErrorCode };

/**
 * Sign-in with GitHub and Google. Users are keyed by (provider, subject id); a second provider is
 * linked only from a signed-in session, never by matching emails. New users confirm their age and
 * accept the Terms before an account exists.
 */
@Injectable()
export class OAuthService {
  private readonly logger = new Logger('OAuth');
  private readonly enabled: ReadonlySet<OAuthProviderId>;

  constructor(
    private readonly config: AppConfig,
    private readonly shared: SharedStore,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    private readonly identities: OAuthIdentitiesRepository,
    private readonly cipher: TokenCipher,
    private readonly clock: Clock,
    private readonly stateStore: OAuthStateStore,
    private readonly terms: TermsService,
    private readonly closure: AccountClosureService,
    @InjectAccountsConfig() options: AccountsConfig,
  ) {
    this.enabled = new Set(options.oauthProviders.map((p) => p.provider));
  }

  get providers(): OAuthProviderId[] {
    return [...this.enabled.keys()];
  }

  /** The providers linked to an account, github before google (linked, not only those offered now). */
  async linkedProviders(accountId: string): Promise<OAuthProviderId[]> {
    const linked = new Set(await this.identities.providersOf(accountId));
    return PROVIDER_ORDER.filter((p) => linked.has(p));
  }

  /** Whether sign-in with this provider is offered here (its client id is configured). */
  offers(provider: string): provider is OAuthProviderId {
    return this.enabled.has(provider as OAuthProviderId);
  }

  /**
   * Acts on the provider's redirect back, as the guard's strategy left it: signs in, links, or
   * keeps a pending sign-up. Never throws (the browser gets a redirect either way).
   */
  async finish(result: ProviderResult, req: Request, res: Response, client: SessionClient): Promise<CallbackOutcome> {
    if (result.kind === 'error') return result;
    try {
      return await this.complete(result.user, result.flow, req, res, client);
    } catch (err) {
      const reason = err instanceof Error ? err.name : 'error';
      this.logger.warn(`${result.user.profile.provider} sign-in could not complete: ${reason}`);
      return { kind: 'error', code: 'sign_in_failed' };
    }
  }

  private async complete(
    user: VerifiedUser,
    flow: FlowState,
    req: Request,
    res: Response,
    client: SessionClient,
  ): Promise<CallbackOutcome> {
    const { profile } = user;
    const existing = await this.identities.findBySubject(profile.provider, profile.subject);
    if (flow.link) {
      // Linking needs the session that asked for it to be alive still, for the same account.
      const current = await this.sessions.resolve(readSessionToken(req, this.config));
      if (!current || current.account.id !== flow.link) return { kind: 'error', code: 'sign_in_required' };
      if (existing && existing.accountId !== flow.link) return { kind: 'error', code: 'identity_in_use' };
      if (!existing) await this.createIdentity(flow.link, profile, user.refreshToken);
      else if (user.refreshToken)
        await this.identities.setRefreshToken(existing.id, this.cipher.encrypt(user.refreshToken, existing.id));
      return { kind: 'linked' };
    }
    if (existing) {
      const account = await this.accounts.findById(existing.accountId);
      if (!account) return { kind: 'error', code: 'account_inactive' };
      // Signing in is how an owner cancels a closure within its grace period.
      const reopened = await this.closure.reopenOnSignIn(account);
      if (!reopened && account.status !== 'active') return { kind: 'error', code: 'account_inactive' };
      if (user.refreshToken)
        await this.identities.setRefreshToken(existing.id, this.cipher.encrypt(user.refreshToken, existing.id));
      await this.signIn(account, res, client);
      return reopened ? { kind: 'reopened' } : { kind: 'signed-in', next: flow.next };
    }
    if (!profile.email) return { kind: 'error', code: 'email_required' };
    const pending = randomBytes(24).toString('base64url');
    const record: PendingSignUp = {
      ...profile,
      binding: flow.binding,
      refreshTokenSealed: user.refreshToken
        ? this.cipher.encrypt(user.refreshToken, `sign-up:${profile.provider}:${profile.subject}`)
        : null,
    };
    await this.shared.set(`sign-up:${sha256Hex(pending)}`, JSON.stringify(record), SIGN_UP_TTL_MS);
    return { kind: 'sign-up', pending };
  }

  /**
   * Finishes a sign-up once the user confirmed their age and accepted the current Terms: creates
   * the account and its identity, records both consents, and signs the browser in.
   */
  async completeSignUp(
    pending: string,
    adult: boolean,
    termsVersion: string,
    req: Request,
    res: Response,
    client: SessionClient,
  ): Promise<AccountEntity> {
    if (!adult)
      throw new SignUpConsentError('You must be 18 or over (the age of majority where you live) to use VIPCloud.');
    const currentTerms = this.terms.currentVersion();
    if (termsVersion !== currentTerms)
      throw new SignUpConsentError(`Accept the current Terms of Service (version ${currentTerms}).`);
    const key = `sign-up:${sha256Hex(pending)}`;
    const raw = await this.shared.get(key);
    if (!raw) throw new SignUpExpiredError();
    const record = JSON.parse(raw) as PendingSignUp;
    if (this.stateStore.bindingOf(req, false) !== record.binding) throw new SignUpExpiredError();
    if (await this.identities.findBySubject(record.provider, record.subject)) throw new SignUpExpiredError();
    if (await this.accounts.findByEmail(record.email as string)) throw new EmailInUseError();
    // Everything that can fail before anything is written; then exactly one submission proceeds.
    const refresh = record.refreshTokenSealed
      ? this.cipher.decrypt(record.refreshTokenSealed, `sign-up:${record.provider}:${record.subject}`)
      : null;
    if (!(await this.shared.take(key))) throw new SignUpExpiredError();
    const now = this.clock.now();
    const account = await this.accounts.prepare(record.email as string, {
      displayName: record.displayName,
      avatarUrl: record.avatarUrl,
      adultConfirmedAt: now,
      termsVersion,
      termsAcceptedAt: now,
    });
    await this.identities.insertWithAccount(account, this.newIdentity(account.id, record, refresh));
    await this.signIn(account, res, client);
    return account;
  }

  /**
   * An operator links a provider identity to an account, so that signing in with it opens that
   * account (e.g. a local demo whose stand-in GitHub user is the demo account). Linking again to the
   * same account changes nothing; an identity linked to another account is never moved.
   */
  async linkByOperator(
    accountRef: string,
    provider: OAuthProviderId,
    subject: string,
  ): Promise<{ account: AccountEntity; linked: boolean }> {
    if (!SUBJECT_PATTERNS[provider].test(subject)) throw new InvalidSubjectError(provider);
    const account = await this.accounts.resolve(accountRef);
    const existing = await this.identities.findBySubject(provider, subject);
    if (existing) {
      if (existing.accountId !== account.id) throw new IdentityLinkedElsewhereError(provider, subject);
      return { account, linked: false };
    }
    await this.createIdentity(account.id, { provider, subject }, null);
    return { account, linked: true };
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

  private async createIdentity(
    accountId: string,
    profile: Pick<ProviderProfile, 'provider' | 'subject'>,
    refreshToken: string | null,
  ): Promise<void> {
    await this.identities.insert(this.newIdentity(accountId, profile, refreshToken));
  }

  private newIdentity(
    accountId: string,
    profile: Pick<ProviderProfile, 'provider' | 'subject'>,
    refreshToken: string | null,
  ): OAuthIdentityEntity {
    const id = randomUUID();
    return Object.assign(new OAuthIdentityEntity(), {
      id,
      accountId,
      provider: profile.provider,
      subject: profile.subject,
      createdAt: this.clock.now(),
      refreshTokenSealed: refreshToken ? this.cipher.encrypt(refreshToken, id) : null,
    });
  }

  /** A new session token at every sign-in: whatever the cookie held before is worth nothing now. */
  private async signIn(account: AccountEntity, res: Response, client: SessionClient): Promise<void> {
    const { token } = await this.sessions.start(account.id, client);
    setSessionCookie(res, token, this.config);
  }
}
