import { DynamicModule, Module } from '@nestjs/common';
import { provideConfig } from '@vipcloud/platform';
import { SecurityTxtController } from './security-txt/security-txt.controller';
import { SecurityTxtService } from './security-txt/security-txt.service';
import { siteConfig } from './site.config';
import { SITE_HOSTING_OPTIONS, SiteHostingOptions, SiteHostingService } from './site-hosting.service';

/** The built site (static pages, its 404 pages and headers) and /.well-known/security.txt, on the API's port. */
@Module({})
export class SiteModule {
  /**
   * What the site's headers need from other libs comes in here, from the composition root: the
   * checkout page's Paddle.js URL is billing's setting (PADDLE_JS_URL, offered only with checkout
   * configured), read once there, rather than a second reading of billing's variables in this lib.
   */
  static forRoot(options: SiteHostingOptions): DynamicModule {
    return {
      module: SiteModule,
      controllers: [SecurityTxtController],
      providers: [
        provideConfig(siteConfig),
        { provide: SITE_HOSTING_OPTIONS, useValue: options },
        SecurityTxtService,
        SiteHostingService,
      ],
    };
  }
}
