import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import { LANGUAGE_COOKIE } from '@vipcloud/contracts';
import { Access, AppConfig, truncateIp } from '@vipcloud/platform';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import { OAuthCallbackGuard, OAuthRequest, OAuthStartGuard } from './oauth.guards';
import { CallbackOutcome, OAuthService } from './oauth.service';

/**
 * Where the browser lands after the provider, as a site path: the portal's canonical URLs (no
 * trailing slash), under /zh-cn for a visitor who chose Chinese, so the next page speaks their language.
 */
export function landingPath(outcome: CallbackOutcome, provider: string, chinese: boolean): string {
  // The page the sign-in started from names its own language already.
  if (outcome.kind === 'signed-in' && outcome.next) return outcome.next;
  const path =
    outcome.kind === 'signed-in'
      ? '/portal'
      : outcome.kind === 'reopened'
        ? '/portal/?closure=cancelled'
        : outcome.kind === 'linked'
          ? `/portal/settings?linked=${encodeURIComponent(provider)}`
          : outcome.kind === 'sign-up'
            ? `/signup?pending=${encodeURIComponent(outcome.pending)}`
            : `/signin?error=${encodeURIComponent(outcome.code)}`;
  return chinese ? `/zh-cn${path}` : path;
}

/** The language the visitor chose on the site (the `vc_lang` cookie), if it is Chinese. */
function prefersChinese(req: Request): boolean {
  return !!req.headers.cookie && parseCookie(req.headers.cookie)[LANGUAGE_COOKIE] === 'zh-CN';
}

/**
 * The browser side of sign-in: off to the provider, and back. The guards run the provider's
 * passport strategy (a provider not configured here: not found); every other answer is a redirect.
 */
@Controller('auth')
@Access('public')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly config: AppConfig,
  ) {}

  @Get(':provider')
  @UseGuards(OAuthStartGuard)
  async start(@Param('provider') provider: string, @Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer(provider, req, res);
  }

  @Get(':provider/callback')
  @UseGuards(OAuthCallbackGuard)
  async callback(@Param('provider') provider: string, @Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer(provider, req, res);
  }

  /**
   * Nothing to add once the guard has sent the browser to the provider, or once the browser has gone
   * (no sign-in completes for a client that cannot receive its cookie); otherwise where it lands.
   */
  private async answer(provider: string, req: OAuthRequest, res: Response): Promise<void> {
    if (res.headersSent || res.destroyed) return;
    const result = req.oauthResult ?? { kind: 'error', code: 'provider_error' };
    const outcome = await this.oauth.finish(result, req, res, {
      userAgent: req.headers['user-agent'] ?? null,
      clientIp: truncateIp(req.ip),
    });
    res.redirect(302, `${this.config.publicUrl}${landingPath(outcome, provider, prefersChinese(req))}`);
  }
}
