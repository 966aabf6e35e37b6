import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError, PrincipalRequest, truncateIp } from '@vipcloud/platform';
import type { Request, Response } from 'express';
import { THROTTLE_GROUPS } from './portal-throttle.groups';

/** Over a throttle on the portal's routes: 429 on HTTP, RATE_LIMITED in GraphQL, with Retry-After either way. */
export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super({
      status: 429,
      type: 'rate_limit_exceeded',
      code: 'too_many_requests',
      message: `Too many requests. Please try again in ${retryAfterSeconds} seconds.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * `@nestjs/throttler` on the portal's routes (GraphQL, sign-in, webhooks, preferences): one allowance per
 * group and caller, shared by every instance through Redis (in memory embedded). The caller is the
 * signed-in account where the access guard (registered before this one) found a session, else the client's
 * truncated IP, which Express derives from X-Forwarded-For only behind TRUSTED_PROXIES.
 */
@Injectable()
export class PortalThrottlerGuard extends ThrottlerGuard {
  protected override getRequestResponse(context: ExecutionContext): {
    req: Record<string, unknown>;
    res: Record<string, unknown>;
  } {
    if (context.getType<string>() === 'graphql') {
      const ctx = GqlExecutionContext.create(context).getContext<{ req: Request; res: Response }>();
      return { req: ctx.req as unknown as Record<string, unknown>, res: ctx.res as unknown as Record<string, unknown> };
    }
    const http = context.switchToHttp();
    return { req: http.getRequest(), res: http.getResponse() };
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as PrincipalRequest).principal;
    if (principal) return `account:${principal.accountId}`;
    return `net:${truncateIp((req as unknown as Request).ip) ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}

/** The group a request belongs to, by its path; null when it is not throttled here. */
export function throttleGroupOf(context: ExecutionContext): string | null {
  const graphql = context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context) : null;
  const req = graphql ? graphql.getContext<{ req: Request }>().req : context.switchToHttp().getRequest<Request>();
  // Guards run for resolvers of nested fields too: only an operation's top-level fields count.
  const info = graphql?.getInfo<{ fieldName: string; path: { prev: unknown } }>();
  if (info && info.path.prev !== undefined) return null;
  const field = info?.fieldName ?? null;
  // The whole path: GraphQL's middleware is mounted at /graphql, so its `req.path` is '/'.
  const path = (req?.originalUrl ?? '').split('?')[0];
  return THROTTLE_GROUPS.find((g) => g.matches(path, field))?.name ?? null;
}
