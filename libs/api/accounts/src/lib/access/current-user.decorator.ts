import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { SessionUser } from '../sessions/sessions.service';
import { PortalRequest, requestOf } from './access.guard';

/** The signed-in user, for handlers whose access policy is a role (the guard has resolved it). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): SessionUser => {
  return (requestOf(context) as PortalRequest).user;
});
