import { Clock } from '@vipcloud/platform';
import { siteConfig } from '../site.config';
import { SecurityTxtService } from './security-txt.service';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

const ctx = { env: {}, publicUrl: 'https://vipcloud.example', isProduction: false };

describe('security.txt', () => {
  it('names the configured contact and expires half a year after now', () => {
    const config = siteConfig.read(
      {
        SITE_DIR: 'dist/apps/site',
        SECURITY_CONTACT: 'disclose@vipcloud.example',
        PRIVACY_CONTACT: 'p@x.example',
        SUPPORT_CONTACT: 's@x.example',
      },
      ctx,
    );
    const text = new SecurityTxtService(config, new FixedClock(new Date('2027-01-01T08:30:15.250Z'))).render();
    expect(text).toBe(
      [
        'Contact: mailto:disclose@vipcloud.example',
        'Expires: 2027-06-30T08:30:15Z',
        'Preferred-Languages: en, zh',
        'Canonical: https://vipcloud.example/.well-known/security.txt',
        'Policy: https://vipcloud.example/docs/security',
        '',
      ].join('\n'),
    );
  });
});
