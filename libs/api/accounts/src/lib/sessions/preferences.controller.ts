import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { LANGUAGE_COOKIE, UI_LANGUAGES as LANGUAGES } from '@vipcloud/contracts';
import { Access, AppConfig, InvalidRequestError } from '@vipcloud/platform';
import type { Response } from 'express';

/**
 * The UI language: the only cookie besides the session (the privacy policy's "essential cookies
 * only"). Readable by the site's scripts on purpose — it holds a language code, nothing more.
 */
@Controller('preferences')
@Access('public')
export class PreferencesController {
  constructor(private readonly config: AppConfig) {}

  @Post('language')
  @HttpCode(204)
  setLanguage(@Body() body: { language?: unknown }, @Res({ passthrough: true }) res: Response): void {
    const language = LANGUAGES.find((l) => l === body?.language);
    if (!language)
      throw new InvalidRequestError(`language must be one of ${LANGUAGES.join(', ')}.`, 'language', 'invalid_value');
    res.cookie(LANGUAGE_COOKIE, language, {
      httpOnly: false,
      secure: this.config.secureCookies,
      sameSite: 'lax',
      path: '/',
      maxAge: 365 * 24 * 3600 * 1000,
    });
  }
}
