export { SiteModule } from './lib/site.module';
export { siteConfig } from './lib/site.config';
export type { SiteConfig } from './lib/site.config';
export type { SiteHostingOptions } from './lib/site-hosting.service';
export {
  API_PATH_PREFIXES,
  SITE_CONTENT_SECURITY_POLICY,
  SITE_PERMISSIONS_POLICY,
  checkoutContentSecurityPolicy,
  contentSecurityPolicy,
  referrerPolicy,
} from './lib/site-rules';
