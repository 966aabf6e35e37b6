export { SiteModule } from './lib/site.module';
export { siteConfig } from './lib/site.config';
export type { SiteConfig } from './lib/site.config';
export { API_PATH_PREFIXES, SITE_CONTENT_SECURITY_POLICY, SITE_PERMISSIONS_POLICY } from './lib/site-rules';
