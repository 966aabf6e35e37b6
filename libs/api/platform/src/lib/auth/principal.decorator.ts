import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';

/**
 * Who a signed-in portal request is, in the terms every lib understands: the access guard (owned by
 * accounts) puts it on the request once it has resolved the session. Libs below accounts (privacy)
 * read it through `CurrentPrincipal` instead of importing accounts' `CurrentUser`.
 */
export interface Principal {
  accountId: string;
  role: 'user' | 'support' | 'admin';
  sessionId: string;
  /** When the session was created: a fresh sign-in re-confirms who is acting (closing an account). */
  signedInAt: Date;
}

export interface PrincipalRequest extends Request {
  principal: Principal;
}

/** The signed-in principal, for handlers whose access policy is a role (the guard has resolved it). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const req =
    context.getType<string>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: Request }>().req
      : context.switchToHttp().getRequest<Request>();
  return (req as PrincipalRequest).principal;
});
