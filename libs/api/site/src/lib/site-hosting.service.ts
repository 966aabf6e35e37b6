import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '@vipcloud/platform';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InjectSiteConfig, SiteConfig } from './site.config';
import { scriptOrigin } from './site-rules';
import { siteMiddleware } from './site.middleware';

export const SITE_HOSTING_OPTIONS = Symbol('site hosting options');

export interface SiteHostingOptions {
  /**
   * Paddle.js's URL when this server offers checkout (billing's `checkout.scriptUrl`), else null: its
   * origin is the one script origin the checkout page's policy adds (see site-rules.ts).
   */
  checkoutScriptUrl: string | null;
}

/**
 * Mounts the site on the API's HTTP server. Module init hooks run after Nest has registered every
 * controller's routes and before its JSON "not found" handler, so a middleware added here answers
 * only what no API route did (and it leaves the API's paths alone besides, see site-rules.ts).
 */
@Injectable()
export class SiteHostingService implements OnModuleInit {
  private readonly logger = new Logger('Site');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectSiteConfig() private readonly config: SiteConfig,
    private readonly app: AppConfig,
    @Inject(SITE_HOSTING_OPTIONS) private readonly options: SiteHostingOptions,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    // An application context (the worker's modules, service tests) has no HTTP server to serve from.
    if (!http) return;
    const dir = this.config.siteDir;
    if (!existsSync(join(dir, 'index.html'))) {
      this.logger.warn(
        `The site is not built (no index.html in ${dir}): site pages answer 404 until \`npm run build\` builds it.`,
      );
    }
    const { checkoutScriptUrl } = this.options;
    http.use(
      siteMiddleware(dir, {
        secureCookies: this.app.secureCookies,
        paddleJsOrigin: checkoutScriptUrl === null ? null : scriptOrigin(checkoutScriptUrl),
      }),
    );
  }
}
