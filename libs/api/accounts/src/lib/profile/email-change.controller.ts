import { Controller, Get, Query, Res } from '@nestjs/common';
import { Access, AppConfig } from '@vipcloud/platform';
import type { Response } from 'express';
import { EmailChangeService } from './email-change.service';

/** The link in the email sent to a new address: public (the token is the proof), answers with a redirect. */
@Controller('account/email')
@Access('public')
export class EmailChangeController {
  constructor(
    private readonly emailChange: EmailChangeService,
    private readonly config: AppConfig,
  ) {}

  @Get('confirm')
  async confirm(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    const outcome = await this.emailChange.confirm(typeof token === 'string' ? token : undefined);
    res.redirect(302, `${this.config.publicUrl}/portal/settings?email=${outcome}`);
  }
}
