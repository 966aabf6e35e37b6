import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { InjectSiteConfig, SiteConfig } from '../site.config';

/** RFC 9116 wants an expiry under a year away; half a year, renewed on every request, never lapses. */
const VALIDITY_MS = 180 * 24 * 3600 * 1000;

/** /.well-known/security.txt (RFC 9116), from the configured security contact and PUBLIC_URL. */
@Injectable()
export class SecurityTxtService {
  constructor(
    @InjectSiteConfig() private readonly config: SiteConfig,
    private readonly clock: Clock,
  ) {}

  render(): string {
    const base = this.config.publicUrl;
    // RFC 3339 date-time; whole seconds read better than milliseconds.
    const expires = new Date(this.clock.now().getTime() + VALIDITY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [
      `Contact: mailto:${this.config.contacts.security}`,
      `Expires: ${expires}`,
      'Preferred-Languages: en, zh',
      `Canonical: ${base}/.well-known/security.txt`,
      `Policy: ${base}/docs/security`,
      '',
    ].join('\n');
  }
}
