import { ExecutionContext, Injectable, Logger, mixin, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard, IAuthModuleOptions } from '@nestjs/passport';
import { OAuthProviderId } from '@vipcloud/platform';
import type { Request, Response } from 'express';
import type { FlowState } from './oauth-state.store';
import { SignInProviderNotFoundError } from './oauth.errors';
import { OAuthService } from './oauth.service';
import type { VerifiedUser } from './oauth.strategies';

/** What the provider's redirect back amounts to, before we act on it. */
export type ProviderResult = { kind: 'verified'; user: VerifiedUser; flow: FlowState } | { kind: 'error'; code: string };

/** Where the guard leaves its result for the handler (not `req.user`, which means a signed-in portal user). */
export interface OAuthRequest extends Request {
  oauthResult?: ProviderResult;
}

const STATE_ERRORS = new Set(['state_missing', 'state_invalid', 'state_mismatch']);

type PassportInfo = { state?: FlowState; message?: string } | undefined;

/**
 * Nest's AuthGuard for one provider and one step. It runs passport's strategy, which on the way
 * out redirects to the provider itself, and on the way back leaves a ProviderResult on the
 * request: it never throws there, since the browser gets a redirect either way.
 */
function oauthGuard(provider: OAuthProviderId, step: 'start' | 'callback'): Type<IAuthGuard> {
  @Injectable()
  class OAuthProviderGuard extends AuthGuard(provider) {
    private readonly logger = new Logger('OAuth');

    constructor(private readonly oauth: OAuthService) {
      super();
    }

    override async canActivate(context: ExecutionContext): Promise<boolean> {
      if (!this.oauth.offers(provider)) throw new SignInProviderNotFoundError(provider);
      const req = context.switchToHttp().getRequest<OAuthRequest>();
      const res = context.switchToHttp().getResponse<Response>();
      if (step === 'callback' && typeof req.query['code'] !== 'string' && typeof req.query['error'] !== 'string') {
        // Without either, passport would quietly start a new flow instead of finishing one.
        req.oauthResult = { kind: 'error', code: 'state_missing' };
        return true;
      }
      // When passport redirects to the provider it ends the response and never settles the guard:
      // the finished response settles it instead, and the handler then has nothing left to send.
      const redirected = new Promise<boolean>((resolve) => res.once('finish', () => resolve(true)));
      return Promise.race([super.canActivate(context) as Promise<boolean>, redirected]);
    }

    override getAuthenticateOptions(): IAuthModuleOptions {
      // No passport sessions: the app keeps its own, and the callback below means passport never
      // calls req.logIn. The state (and Google's PKCE verifier) live in our store, not req.session.
      return { session: false, property: 'oauthResult' };
    }

    override handleRequest<TUser = ProviderResult>(err: unknown, user: VerifiedUser | false, info: PassportInfo): TUser {
      return this.interpret(err, user, info) as TUser;
    }

    private interpret(err: unknown, user: VerifiedUser | false, info: PassportInfo): ProviderResult {
      if (err || !user) {
        if (err) this.logger.warn(`${provider} sign-in failed: ${err instanceof Error ? err.name : 'error'}`);
        // A fixed list: the provider's own error text never reaches our pages.
        const message = info?.message;
        return { kind: 'error', code: message && STATE_ERRORS.has(message) ? message : 'provider_error' };
      }
      // On success passport hands back our store's state as `info.state`.
      return info?.state ? { kind: 'verified', user, flow: info.state } : { kind: 'error', code: 'state_invalid' };
    }
  }
  return mixin(OAuthProviderGuard);
}

export const GitHubStartGuard = oauthGuard('github', 'start');
export const GitHubCallbackGuard = oauthGuard('github', 'callback');
export const GoogleStartGuard = oauthGuard('google', 'start');
export const GoogleCallbackGuard = oauthGuard('google', 'callback');
