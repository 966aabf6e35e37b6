import { LEGAL_DOCUMENTS, LEGAL_LOCALES, LegalManifest } from '@vipcloud/contracts';
import { z } from 'zod';

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'not a calendar date');

const source = z.object({
  locale: z.enum(LEGAL_LOCALES),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256'),
});

const version = z.object({
  version: day,
  effective: day,
  material: z.boolean(),
  title: z.string().min(1),
  summary: z.string().min(1),
  sources: z.array(source).min(1),
});

const legalDocument = z
  .object({ id: z.enum(LEGAL_DOCUMENTS), versions: z.array(version).min(1) })
  .superRefine((doc, ctx) => {
    // Oldest first, each version once: "current" and "the version before" depend on it.
    for (let i = 1; i < doc.versions.length; i++) {
      if (doc.versions[i].version <= doc.versions[i - 1].version) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'version'],
          message: `versions must be listed oldest first, each once (${doc.versions[i].version} follows ${doc.versions[i - 1].version})`,
        });
      }
      // A later version taking effect before an earlier one would make the earlier (perhaps material)
      // text current after the later one, or skip it unannounced.
      if (doc.versions[i].effective < doc.versions[i - 1].effective) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'effective'],
          message: `version ${doc.versions[i].version} takes effect (${doc.versions[i].effective}) before the version before it (${doc.versions[i - 1].effective})`,
        });
      }
    }
  });

/** The manifest the site's build writes, as the API relies on it. */
export const legalManifestSchema = z
  .object({
    generatedAt: z.string().min(1),
    documents: z.array(legalDocument),
  })
  .superRefine((manifest, ctx) => {
    for (const id of LEGAL_DOCUMENTS) {
      const count = manifest.documents.filter((d) => d.id === id).length;
      if (count !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['documents'],
          message: `document '${id}' must appear once, not ${count} times`,
        });
    }
  }) satisfies z.ZodType<LegalManifest>;
