/**
 * The addresses people write to. The site shows them and the API publishes them in security.txt; both
 * read the same environment variables, and both fall back to these defaults (the addresses the privacy
 * policy states), so a deployment that sets nothing still agrees with its own policy.
 */
export interface Contacts {
  /** Security disclosures. */
  security: string;
  /** Privacy questions, data requests, children's data. */
  privacy: string;
  /** Everything else. */
  support: string;
}

export type ContactKind = keyof Contacts;

export const CONTACT_DEFAULTS: Readonly<Contacts> = {
  security: 'security@vipcloud.ai',
  privacy: 'privacy@vipcloud.ai',
  support: 'support@vipcloud.ai',
};

/** The environment variable that overrides each address. */
export const CONTACT_ENV: Readonly<Record<ContactKind, string>> = {
  security: 'SECURITY_CONTACT',
  privacy: 'PRIVACY_CONTACT',
  support: 'SUPPORT_CONTACT',
};

/** The configured addresses: each variable if set and not blank, else its default. */
export function contactsFromEnv(env: Readonly<Record<string, string | undefined>>): Contacts {
  const pick = (kind: ContactKind): string => env[CONTACT_ENV[kind]]?.trim() || CONTACT_DEFAULTS[kind];
  return { security: pick('security'), privacy: pick('privacy'), support: pick('support') };
}

/** A link target for an address: a bare e-mail address becomes mailto:, a URI (https:, mailto:) stays. */
export function contactHref(contact: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(contact) ? contact : `mailto:${contact}`;
}
