import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_POLICY, AccessPolicy, AppConfig, AppError, PrincipalRequest, truncateIp } from '@vipcloud/platform';
import type { Request } from 'express';
import { ApiKeysService, AuthenticatedKey } from '../api-keys/api-keys.service';
import type { AccountRole } from '../entities/account.entity';
import { readSessionToken } from '../sessions/session-cookie';
import { SessionsService, SessionUser } from '../sessions/sessions.service';

export interface AuthenticatedRequest extends Request {
  auth: AuthenticatedKey;
}

export interface PortalRequest extends Request {
  user: SessionUser;
}

const RANK: Record<AccountRole, number> = { user: 1, support: 2, admin: 3 };

/** The HTTP request behind a REST handler or a GraphQL resolver. */
export function requestOf(context: ExecutionContext): Request {
  return context.getType<string>() === 'graphql'
    ? GqlExecutionContext.create(context).getContext<{ req: Request }>().req
    : context.switchToHttp().getRequest<Request>();
}

/** `Authorization: Bearer <key>`, as OpenAI SDKs send it, or `x-api-key`, as Anthropic's do. */
export function presentedKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? m[1] : undefined;
  }
  const xKey = req.headers['x-api-key'];
  return typeof xKey === 'string' && xKey.length > 0 ? xKey : undefined;
}

export class SignInRequiredError extends AppError {
  constructor() {
    super({ status: 401, type: 'authentication_error', code: 'sign_in_required', message: 'Sign in to do this.' });
  }
}

export class ForbiddenError extends AppError {
  constructor() {
    super({ status: 403, type: 'permission_error', code: 'forbidden', message: 'Your role does not allow this.' });
  }
}

export class NoAccessPolicyError extends AppError {
  constructor() {
    super({ status: 403, type: 'permission_error', code: 'forbidden', message: 'You may not do this.' });
  }
}

/**
 * The one guard every route and resolver passes. It reads the handler's declared policy and
 * fails closed: a handler without one is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access policy; refused`);
      throw new NoAccessPolicyError();
    }
    if (policy === 'public') return true;
    const req = requestOf(context);
    if (policy === 'api-key') {
      (req as AuthenticatedRequest).auth = await this.keys.authenticate(presentedKey(req), truncateIp(req.ip));
      return true;
    }
    const user = await this.sessions.resolve(readSessionToken(req, this.config));
    if (!user) throw new SignInRequiredError();
    const rank = RANK[user.account.role] as number | undefined;
    if (rank === undefined || rank < RANK[policy]) throw new ForbiddenError();
    (req as PortalRequest).user = user;
    (req as PrincipalRequest).principal = {
      accountId: user.account.id,
      role: user.account.role,
      sessionId: user.session.id,
      signedInAt: user.session.createdAt,
    };
    return true;
  }
}
