import { Inject } from '@nestjs/common';
import { CONTACT_DEFAULTS } from '@vipcloud/contracts';
import { defineConfig } from '@vipcloud/platform';
import { resolve } from 'node:path';
import { z } from 'zod';

/** The built site the API serves, and the addresses it and security.txt name. */
export const siteConfig = defineConfig(
  'site',
  {
    /** Relative to the working directory: `npm start` runs from the repository root. */
    SITE_DIR: z.string().default('dist/apps/site'),
    SECURITY_CONTACT: z.email('SECURITY_CONTACT must be an email address').default(CONTACT_DEFAULTS.security),
    PRIVACY_CONTACT: z.email('PRIVACY_CONTACT must be an email address').default(CONTACT_DEFAULTS.privacy),
    SUPPORT_CONTACT: z.email('SUPPORT_CONTACT must be an email address').default(CONTACT_DEFAULTS.support),
  },
  (vars, ctx) => ({
    siteDir: resolve(vars.SITE_DIR),
    contacts: { security: vars.SECURITY_CONTACT, privacy: vars.PRIVACY_CONTACT, support: vars.SUPPORT_CONTACT },
    /** The platform's PUBLIC_URL (no trailing slash): security.txt's own and its policy's address. */
    publicUrl: ctx.publicUrl,
  }),
);

export type SiteConfig = ReturnType<typeof siteConfig.read>;

/** Injects the site lib's settings. */
export const InjectSiteConfig = (): ParameterDecorator => Inject(siteConfig.token);
