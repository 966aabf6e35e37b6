import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { defineConfig } from '@vipcloud/platform';

/** Where the site's build wrote the legal documents' manifest (relative paths: from the working directory). */
export const DEFAULT_LEGAL_MANIFEST_PATH = 'dist/apps/site/legal-manifest.json';

/** The legal documents: which versions exist comes from the site's build, not from a setting per version. */
export const legalConfig = defineConfig(
  'legal',
  {
    LEGAL_MANIFEST_PATH: z.string().trim().min(1).default(DEFAULT_LEGAL_MANIFEST_PATH),
  },
  (vars) => ({ manifestPath: vars.LEGAL_MANIFEST_PATH }),
);

export type LegalConfig = ReturnType<typeof legalConfig.read>;

/** Injects the legal lib's settings. */
export const InjectLegalConfig = (): ParameterDecorator => Inject(legalConfig.token);
