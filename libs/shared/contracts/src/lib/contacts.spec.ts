import { CONTACT_DEFAULTS, contactHref, contactsFromEnv } from '../index';

describe('contacts', () => {
  it('default to the addresses the privacy policy states', () => {
    expect(contactsFromEnv({})).toEqual({
      security: 'security@vipcloud.ai',
      privacy: 'privacy@vipcloud.ai',
      support: 'support@vipcloud.ai',
    });
  });

  it('take each address from its variable, ignoring blank ones', () => {
    const contacts = contactsFromEnv({ SECURITY_CONTACT: 'sec@example.com', PRIVACY_CONTACT: '  ' });
    expect(contacts).toEqual({ ...CONTACT_DEFAULTS, security: 'sec@example.com' });
  });

  it('link a bare address with mailto: and leave URIs alone', () => {
    expect(contactHref('a@example.com')).toBe('mailto:a@example.com');
    expect(contactHref('https://example.com/report')).toBe('https://example.com/report');
  });
});
