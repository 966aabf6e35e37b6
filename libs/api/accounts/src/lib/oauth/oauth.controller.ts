import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import { Access, AppConfig, OAuthProviderId, truncateIp } from '@vipcloud/platform';
import type { Response } from 'express';
import { SignInProviderNotFoundError } from './oauth.errors';
import {
  GitHubCallbackGuard, GitHubStartGuard, GoogleCallbackGuard, GoogleStartGuard, OAuthRequest,
} from './oauth.guards';
import { OAuthService } from './oauth.service';

/**
 * The browser side of sign-in: off to the provider, and back. Each provider's guard runs its
 * passport strategy; every answer is a redirect (a provider that is not configured: not found).
 */
@Controller('auth')
@Access('public')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly config: AppConfig,
  ) {}

  @Get('github')
  @UseGuards(GitHubStartGuard)
  async startGitHub(@Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer('github', req, res);
  }

  @Get('github/callback')
  @UseGuards(GitHubCallbackGuard)
  async gitHubCallback(@Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer('github', req, res);
  }

  @Get('google')
  @UseGuards(GoogleStartGuard)
  async startGoogle(@Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer('google', req, res);
  }

  @Get('google/callback')
  @UseGuards(GoogleCallbackGuard)
  async googleCallback(@Req() req: OAuthRequest, @Res() res: Response): Promise<void> {
    await this.answer('google', req, res);
  }

  // After the providers' own routes, so that only other names land here.
  @Get([':provider', ':provider/callback'])
  unknownProvider(@Param('provider') provider: string): never {
    throw new SignInProviderNotFoundError(provider);
  }

  /** Nothing to add once the guard has sent the browser to the provider; otherwise where it lands. */
  private async answer(provider: OAuthProviderId, req: OAuthRequest, res: Response): Promise<void> {
    if (res.headersSent) return;
    const result = req.oauthResult ?? { kind: 'error', code: 'provider_error' };
    const outcome = await this.oauth.finish(result, req, res, {
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
