import { AppConfig } from '@vipcloud/platform';
import { accountsConfig } from '../accounts.config';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';

/**
 * The session cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax, Path=/. On a plain
 * http://localhost development URL browsers refuse Secure cookies, so there it is `vc_session`.
 */
export function sessionCookieName(config: AppConfig): string {
  return config.secureCookies ? '__Host-vc_session' : 'vc_session';
}

export function readSessionToken(req: Request, config: AppConfig): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[sessionCookieName(config)] ?? undefined;
}

export function setSessionCookie(res: Response, token: string, config: AppConfig): void {
  res.cookie(sessionCookieName(config), token, {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/',
    maxAge: config.settings(accountsConfig).sessionAbsoluteTimeoutMs,
  });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(sessionCookieName(config), {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/',
  });
}
