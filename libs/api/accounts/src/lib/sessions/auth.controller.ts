import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { Access, AppConfig } from '@vipcloud/platform';
import type { Response } from 'express';
import { CurrentUser } from '../access/current-user.decorator';
import { clearSessionCookie } from './session-cookie';
import type { SessionUser } from './sessions.service';
import { SessionsService } from './sessions.service';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  /** Ends this browser's session and clears its cookie. */
  @Post('logout')
  @HttpCode(204)
  @Access('user')
  async logout(@CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(user.account.id, user.session.id);
    clearSessionCookie(res, this.config);
  }
}
