import { Module } from '@nestjs/common';
import { provideConfig } from '@vipcloud/platform';
import { SecurityTxtController } from './security-txt/security-txt.controller';
import { SecurityTxtService } from './security-txt/security-txt.service';
import { siteConfig } from './site.config';
import { SiteHostingService } from './site-hosting.service';

/** The built site (static pages, its 404 pages and headers) and /.well-known/security.txt, on the API's port. */
@Module({
  controllers: [SecurityTxtController],
  providers: [provideConfig(siteConfig), SecurityTxtService, SiteHostingService],
})
export class SiteModule {}
