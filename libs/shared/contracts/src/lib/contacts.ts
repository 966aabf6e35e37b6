/** Where people reach us; the site shows these and /.well-known/security.txt names the security one. */
export const DEFAULT_CONTACTS = {
  security: 'security@vipcloud.ai',
  privacy: 'privacy@vipcloud.ai',
  support: 'support@vipcloud.ai',
} as const;
export type ContactKind = keyof typeof DEFAULT_CONTACTS;
