import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiKeysService, AuthenticatedKey } from '@vipcloud/accounts';
import type { Request } from 'express';

export interface AuthenticatedRequest extends Request {
  auth: AuthenticatedKey;
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

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.auth = await this.keys.authenticate(presentedKey(req));
    return true;
  }
}
