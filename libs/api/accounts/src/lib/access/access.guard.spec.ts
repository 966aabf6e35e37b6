import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, AccessPolicy, AppConfig } from '@vipcloud/platform';
import type { SessionsService, SessionUser } from '../sessions/sessions.service';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import { AccessGuard } from './access.guard';

class Handlers {
  undeclared(): void {}
  @Access('public') open(): void {}
  @Access('api-key') keyed(): void {}
  @Access('admin') admin(): void {}
}

function contextFor(
  method: keyof Handlers,
  headers: Record<string, string> = {},
): { ctx: ExecutionContext; req: Record<string, unknown> } {
  const req: Record<string, unknown> = { headers };
  const ctx = {
    getHandler: () => Handlers.prototype[method],
    getClass: () => Handlers,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('AccessGuard', () => {
  const auth = { keyId: 'k', accountId: 'a', expiresAtMs: null, allowedModels: null };
  const keys = {
    authenticate: jest.fn(async (k?: string) => (k === 'vc-good' ? auth : Promise.reject(new Error('bad key')))),
  };
  const users: Record<string, SessionUser> = {
    'tok-user': { account: { id: 'a', role: 'user' }, session: { id: 's1' } } as unknown as SessionUser,
    'tok-admin': { account: { id: 'b', role: 'admin' }, session: { id: 's2' } } as unknown as SessionUser,
    'tok-odd': { account: { id: 'c', role: 'superuser' }, session: { id: 's3' } } as unknown as SessionUser,
  };
  const sessions = { resolve: jest.fn(async (t?: string) => (t ? (users[t] ?? null) : null)) };
  const guard = new AccessGuard(
    new Reflector(),
    keys as unknown as ApiKeysService,
    sessions as unknown as SessionsService,
    new AppConfig({}),
  );

  it('refuses a handler that declares no policy (fails closed)', async () => {
    await expect(guard.canActivate(contextFor('undeclared').ctx)).rejects.toMatchObject({ status: 403 });
  });

  it('lets anyone call a public handler', async () => {
    await expect(guard.canActivate(contextFor('open').ctx)).resolves.toBe(true);
  });

  it('authenticates the API key for api-key handlers and attaches it to the request', async () => {
    const { ctx, req } = contextFor('keyed', { authorization: 'Bearer vc-good' });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(req['auth']).toBe(auth);
    await expect(guard.canActivate(contextFor('keyed', { authorization: 'Bearer vc-bad' }).ctx)).rejects.toThrow(
      'bad key',
    );
  });

  it.each<AccessPolicy>(['user', 'support', 'admin'])('asks for sign-in on %s handlers without a session', async () => {
    await expect(guard.canActivate(contextFor('admin').ctx)).rejects.toMatchObject({
      status: 401,
      code: 'sign_in_required',
    });
  });

  it('refuses a role it does not know (fails closed)', async () => {
    await expect(guard.canActivate(contextFor('admin', { cookie: 'vc_session=tok-odd' }).ctx)).rejects.toMatchObject({
      status: 403,
    });
  });

  it('lets a role through only to handlers at or below it, attaching the user', async () => {
    await expect(guard.canActivate(contextFor('admin', { cookie: 'vc_session=tok-user' }).ctx)).rejects.toMatchObject({
      status: 403,
    });
    const { ctx, req } = contextFor('admin', { cookie: 'vc_session=tok-admin' });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(req['user']).toBe(users['tok-admin']);
  });
});
