import { CanActivate, ExecutionContext, Injectable, Logger, mixin, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard, IAuthModuleOptions } from '@nestjs/passport';
import type { SignInErrorCode } from '@vipcloud/contracts';
import type { OAuthProviderId } from '../accounts.config';
import type { Request, Response } from 'express';
import type { FlowState } from './oauth-state.store';
import { SignInProviderNotFoundError } from './oauth.errors';
import { OAuthService } from './oauth.service';
import type { VerifiedUser } from './oauth.strategies';

/** What the provider's redirect back amounts to, before we act on it. */
export type ProviderResult =
  { kind: 'verified'; user: VerifiedUser; flow: FlowState } | { kind: 'error'; code: SignInErrorCode };

/** Where the guard leaves its result for the handler (not `req.user`, which means a signed-in portal user). */
export interface OAuthRequest extends Request {
  oauthResult?: ProviderResult;
}

/** The state store's refusals (see oauth-state.store.ts), passed on as they are; anything else is the provider's. */
const STATE_ERRORS: ReadonlySet<string> = new Set<SignInErrorCode>([
  'state_missing',
  'state_invalid',
  'state_mismatch',
]);

type PassportInfo = { state?: FlowState; message?: string } | undefined;

/**
 * Nest's AuthGuard for one provider's passport strategy. On the way out the strategy redirects to
 * the provider itself; on the way back the guard leaves a ProviderResult on the request and never
 * throws, since the browser gets a redirect either way.
 */
function providerGuard(provider: OAuthProviderId): Type<IAuthGuard> {
  class ProviderAuthGuard extends AuthGuard(provider) {
    private readonly logger = new Logger('OAuth');

    override async canActivate(context: ExecutionContext): Promise<boolean> {
      // When passport redirects to the provider it ends the response and never settles the guard:
      // the finished response settles it instead, and the handler then has nothing left to send. A
      // client that leaves first only closes the response (no `finish`): that settles it as well,
      // so no request hangs on a guard, and the handler sees a closed response and sends nothing.
      const res = context.switchToHttp().getResponse<Response>();
      let settle: () => void = () => undefined;
      const ended = new Promise<boolean>((resolve) => {
        settle = () => resolve(true);
        res.once('finish', settle);
        res.once('close', settle);
      });
      try {
        return await Promise.race([super.canActivate(context) as Promise<boolean>, ended]);
      } finally {
        // Either way the response needs these no more (a kept-alive socket would collect them).
        res.off('finish', settle);
        res.off('close', settle);
      }
    }

    override getAuthenticateOptions(): IAuthModuleOptions {
      // No passport sessions: the app keeps its own, and AuthGuard's callback means passport never
      // calls req.logIn. The state (and Google's PKCE verifier) live in our store, not req.session.
      return { session: false, property: 'oauthResult' };
    }

    override handleRequest<TUser = ProviderResult>(
      err: unknown,
      user: VerifiedUser | false,
      info: PassportInfo,
    ): TUser {
      return this.interpret(err, user, info) as TUser;
    }

    private interpret(err: unknown, user: VerifiedUser | false, info: PassportInfo): ProviderResult {
      if (err || !user) {
        if (err) this.logger.warn(`${provider} sign-in failed: ${err instanceof Error ? err.name : 'error'}`);
        // A fixed list: the provider's own error text never reaches our pages.
        const message = info?.message;
        return {
          kind: 'error',
          code: message && STATE_ERRORS.has(message) ? (message as SignInErrorCode) : 'provider_error',
        };
      }
      // On success passport hands back our store's state as `info.state`.
      return info?.state ? { kind: 'verified', user, flow: info.state } : { kind: 'error', code: 'state_invalid' };
    }
  }
  return mixin(ProviderAuthGuard);
}

const PROVIDER_GUARDS: Record<OAuthProviderId, Type<IAuthGuard>> = {
  github: providerGuard('github'),
  google: providerGuard('google'),
};

/**
 * The guard of the /auth/:provider routes: hands the request to that provider's AuthGuard, and
 * answers a provider that is not configured here (or does not exist) with not-found.
 */
function oauthGuard(step: 'start' | 'callback'): Type<CanActivate> {
  @Injectable()
  class OAuthStepGuard implements CanActivate {
    private readonly guards: Record<OAuthProviderId, IAuthGuard> = {
      github: new PROVIDER_GUARDS.github(),
      google: new PROVIDER_GUARDS.google(),
    };

    constructor(private readonly oauth: OAuthService) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<OAuthRequest>();
      const provider = String(req.params['provider']);
      if (!this.oauth.offers(provider)) throw new SignInProviderNotFoundError(provider);
      if (step === 'start' && (req.query['code'] !== undefined || req.query['error'] !== undefined)) {
        // A provider's answer belongs on the callback route, which checks the state first; here passport
        // would exchange the code and sign someone in from a link anyone can craft.
        req.oauthResult = { kind: 'error', code: 'callback_expected' };
        return true;
      }
      if (step === 'callback' && typeof req.query['code'] !== 'string' && typeof req.query['error'] !== 'string') {
        // Without either, passport would quietly start a new flow instead of finishing one.
        req.oauthResult = { kind: 'error', code: 'state_missing' };
        return true;
      }
      return (await this.guards[provider].canActivate(context)) as boolean;
    }
  }
  return mixin(OAuthStepGuard);
}

export const OAuthStartGuard = oauthGuard('start');
export const OAuthCallbackGuard = oauthGuard('callback');
