import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import { Access, AppConfig, truncateIp } from '@vipcloud/platform';
import type { Response } from 'express';
import { OAuthCallbackGuard, OAuthRequest, OAuthStartGuard } from './oauth.guards';
import { OAuthService } from './oauth.service';

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
    const base = this.config.publicUrl;
    const target =
      outcome.kind === 'signed-in'
        ? `${base}/portal/`
        : outcome.kind === 'linked'
          ? `${base}/portal/settings/?linked=${encodeURIComponent(provider)}`
          : outcome.kind === 'sign-up'
            ? `${base}/signup?pending=${encodeURIComponent(outcome.pending)}`
            : `${base}/signin?error=${encodeURIComponent(outcome.code)}`;
    res.redirect(302, target);
  }
}
