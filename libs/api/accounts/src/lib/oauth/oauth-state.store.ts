import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SignInErrorCode } from '@vipcloud/contracts';
import { AppConfig, SharedStore, sha256Hex } from '@vipcloud/platform';
import type { Request } from 'express';
import { readSessionToken, setSessionCookie } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';

const STATE_TTL_MS = 10 * 60_000;

interface StoredState {
  binding: string;
  verifier: string | null;
  link: string | null;
  next?: string | null;
}

/**
 * A portal page to return to after sign-in (`/auth/github?next=/portal/keys`): only a path on this site
 * under /portal (or /zh-cn/portal) with a plain query, so the parameter cannot send anyone elsewhere.
 */
const RETURN_PATH = /^(\/zh-cn)?\/portal(\/[A-Za-z0-9_-]+)*(\?[A-Za-z0-9_.~%=&-]*)?$/;

export function returnPathOf(next: unknown): string | null {
  return typeof next === 'string' && next.length <= 300 && RETURN_PATH.test(next) ? next : null;
}

export interface FlowState {
  /** The signed-in account that started the flow to link another provider, if any. */
  link: string | null;
  /** The browser binding, to check at the end of a sign-up. */
  binding: string;
  /** The portal page the sign-in started from, to land on afterwards (see returnPathOf). */
  next: string | null;
}

type StoreCallback = (err: Error | null, state?: string) => void;
/** A refusal's message is the sign-in error code the browser is sent back with (see oauth.guards.ts). */
type StateRefusal = { message: SignInErrorCode };
type VerifyCallback = (err: Error | null, ok?: string | boolean, state?: FlowState | StateRefusal) => void;

/**
 * passport-oauth2's state store: a one-time `state` (and the PKCE verifier) kept in the shared
 * store, bound to the browser through the session cookie. A browser without one gets a random
 * pre-sign-in value in that same cookie (no extra cookie), replaced by a new token at sign-in, so
 * a callback carried to another browser (login CSRF) or replayed fails.
 */
@Injectable()
export class OAuthStateStore {
  constructor(
    private readonly shared: SharedStore,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  /** The browser's binding: the hash of its session cookie, set to a fresh random value if absent. */
  bindingOf(req: Request, createIfMissing: boolean): string | null {
    let value = readSessionToken(req, this.config);
    if (!value) {
      if (!createIfMissing || !req.res) return null;
      value = randomBytes(32).toString('base64url');
      setSessionCookie(req.res, value, this.config);
    }
    return sha256Hex(value);
  }

  // passport-oauth2 picks the PKCE-aware form by this method's arity (5).
  store(req: Request, verifier: string | undefined, _state: unknown, _meta: unknown, callback: StoreCallback): void {
    void (async () => {
      const signedIn = await this.sessions.resolve(readSessionToken(req, this.config));
      const binding = this.bindingOf(req, true) as string;
      const handle = randomBytes(24).toString('base64url');
      const value: StoredState = {
        binding,
        verifier: verifier ?? null,
        link: signedIn?.account.id ?? null,
        next: returnPathOf(req.query['next']),
      };
      await this.shared.set(this.key(handle), JSON.stringify(value), STATE_TTL_MS);
      return handle;
    })().then(
      (handle) => callback(null, handle),
      (err: Error) => callback(err),
    );
  }

  verify(req: Request, handle: string | undefined, _meta: unknown, callback: VerifyCallback): void {
    void (async (): Promise<[string | boolean, FlowState | StateRefusal]> => {
      if (!handle) return [false, { message: 'state_missing' }];
      const raw = await this.shared.take(this.key(handle));
      if (!raw) return [false, { message: 'state_invalid' }];
      const saved = JSON.parse(raw) as StoredState;
      const binding = this.bindingOf(req, false);
      if (!binding || binding !== saved.binding) return [false, { message: 'state_mismatch' }];
      return [saved.verifier ?? true, { link: saved.link, binding, next: saved.next ?? null }];
    })().then(
      ([ok, state]) => callback(null, ok, state),
      (err: Error) => callback(err),
    );
  }

  private key(handle: string): string {
    return `oauth-state:${sha256Hex(handle)}`;
  }
}
