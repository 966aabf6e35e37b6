import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { Access, AppConfig, truncateIp } from '@vipcloud/platform';
import type { Request, Response } from 'express';
import { OAuthService } from './oauth.service';

/** The browser side of sign-in: off to the provider, and back. Both always answer with a redirect. */
@Controller('auth')
@Access('public')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly config: AppConfig,
  ) {}

  @Get(':provider')
  async start(@Param('provider') provider: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.oauth.start(provider, req, res);
  }

  @Get(':provider/callback')
  async callback(@Param('provider') provider: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.oauth.callback(provider, req, res, {
      userAgent: req.headers['user-agent'] ?? null,
      clientIp: truncateIp(req.ip),
    });
    const base = this.config.publicUrl;
    const target =
      outcome.kind === 'signed-in' ? `${base}/portal/`
      : outcome.kind === 'linked' ? `${base}/portal/settings/?linked=${encodeURIComponent(provider)}`
      : outcome.kind === 'sign-up' ? `${base}/signup/?pending=${encodeURIComponent(outcome.pending)}`
      : `${base}/signin/?error=${encodeURIComponent(outcome.code)}`;
    res.redirect(302, target);
  }
}
