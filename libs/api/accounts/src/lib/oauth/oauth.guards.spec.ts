import { EventEmitter } from 'node:events';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import passport, { StrategyCreated, StrategyCreatedStatic } from 'passport';
import { OAuthCallbackGuard, OAuthRequest, OAuthStartGuard } from './oauth.guards';
import type { OAuthService } from './oauth.service';

type Act = (s: StrategyCreatedStatic) => void;

/** Stands in for passport-github2 under the same name: does whatever the test says. */
class StubStrategy {
  act: Act = () => undefined;
  calls = 0;
  authenticate(this: StrategyCreated<StubStrategy>): void {
    this.calls++;
    this.act(this);
  }
}

/** A response that records a redirect and finishes like a real one. */
function response(): EventEmitter & { headers: Record<string, string>; headersSent: boolean } {
  const res = Object.assign(new EventEmitter(), {
    headers: {} as Record<string, string>,
    headersSent: false,
    statusCode: 200,
  });
  return Object.assign(res, {
    setHeader: (k: string, v: string) => void (res.headers[k.toLowerCase()] = v),
    end: () => {
      res.headersSent = true;
      res.emit('finish');
    },
  });
}

/** A request with no session support: touching req.session or req.logIn fails the test. */
function request(query: Record<string, string>, provider = 'github'): OAuthRequest {
  const req = { query, params: { provider }, headers: {} } as unknown as OAuthRequest;
  Object.defineProperty(req, 'session', {
    get: () => {
      throw new Error('req.session used');
    },
  });
  Object.assign(req, {
    logIn: () => {
      throw new Error('req.logIn used');
    },
  });
  return req;
}

describe('OAuth guards (passport through Nest’s AuthGuard)', () => {
  const stub = new StubStrategy();
  const oauth = { offers: (p: string) => p === 'github' } as unknown as OAuthService;
  const start = new OAuthStartGuard(oauth);
  const callback = new OAuthCallbackGuard(oauth);
  const user = { profile: { provider: 'github', subject: '1' }, refreshToken: null };
  const flow = { link: null, binding: 'b' };

  beforeAll(() => passport.use('github', stub));
  afterAll(() => passport.unuse('github'));
  beforeEach(() => {
    stub.calls = 0;
  });

  async function run(guard: typeof start, query: Record<string, string>, act: Act) {
    stub.act = act;
    const req = request(query);
    const res = response();
    const ok = await guard.canActivate(new ExecutionContextHost([req, res]));
    return { ok, req, res };
  }

  it('settles once the strategy has redirected to the provider, leaving nothing for the handler to send', async () => {
    const { ok, res, req } = await run(start, {}, (s) => s.redirect('https://provider.example/authorize?state=x'));
    expect(ok).toBe(true);
    expect(res.headers['location']).toBe('https://provider.example/authorize?state=x');
    expect(res.headersSent).toBe(true);
    expect(req.oauthResult).toBeUndefined();
  });

  it('answers a callback with neither code nor error itself, without starting a new flow', async () => {
    const { ok, req } = await run(callback, {}, (s) => s.redirect('https://provider.example/authorize'));
    expect(ok).toBe(true);
    expect(req.oauthResult).toEqual({ kind: 'error', code: 'state_missing' });
    expect(stub.calls).toBe(0);
  });

  it('hands the verified user and our store’s flow state to the handler, without passport sessions', async () => {
    const { req } = await run(callback, { code: 'c', state: 's' }, (s) => s.success(user, { state: flow }));
    expect(req.oauthResult).toEqual({ kind: 'verified', user, flow });
  });

  it('turns every failure into one of a fixed list of codes', async () => {
    const codeFor = async (act: Act) => {
      const { req } = await run(callback, { code: 'c' }, act);
      return req.oauthResult?.kind === 'error' ? req.oauthResult.code : req.oauthResult;
    };
    expect(await codeFor((s) => s.fail({ message: 'state_mismatch' }, 403))).toBe('state_mismatch');
    expect(await codeFor((s) => s.fail({ message: '<img src=x>' }))).toBe('provider_error');
    expect(await codeFor((s) => s.error(new Error('token endpoint down')))).toBe('provider_error');
    expect(await codeFor((s) => s.success(user, {}))).toBe('state_invalid');
  });

  it('refuses a provider answer (code or error) on the start route without handing it to passport', async () => {
    const queries: Array<Record<string, string>> = [{ code: 'c', state: 's' }, { code: 'c' }, { error: 'denied' }];
    for (const query of queries) {
      const { ok, req, res } = await run(start, query, (s) => s.success(user, { state: flow }));
      expect(ok).toBe(true);
      expect(req.oauthResult).toEqual({ kind: 'error', code: 'callback_expected' });
      expect(res.headersSent).toBe(false);
    }
    expect(stub.calls).toBe(0);
  });

  it('settles when the client leaves before the redirect flushes, and leaves no listener behind', async () => {
    stub.act = () => undefined; // passport is still waiting on the provider
    const req = request({ code: 'c', state: 's' });
    const res = response();
    const settled = callback.canActivate(new ExecutionContextHost([req, res]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.listenerCount('close')).toBe(1);
    res.emit('close');
    await expect(settled).resolves.toBe(true);
    expect(res.listenerCount('finish')).toBe(0);
    expect(res.listenerCount('close')).toBe(0);
  });

  it('removes its listeners once passport settles the guard', async () => {
    const answered = await run(callback, { code: 'c', state: 's' }, (s) => s.success(user, { state: flow }));
    expect(answered.res.listenerCount('finish')).toBe(0);
    expect(answered.res.listenerCount('close')).toBe(0);
    const redirected = await run(start, {}, (s) => s.redirect('https://provider.example/authorize?state=x'));
    expect(redirected.res.listenerCount('finish')).toBe(0);
    expect(redirected.res.listenerCount('close')).toBe(0);
  });

  it('does not offer a provider that is not configured, nor one that does not exist', async () => {
    for (const provider of ['google', 'gitlab', 'constructor']) {
      const context = new ExecutionContextHost([request({}, provider), response()]);
      await expect(start.canActivate(context)).rejects.toMatchObject({ status: 404, code: 'provider_not_available' });
    }
    expect(stub.calls).toBe(0);
  });
});
