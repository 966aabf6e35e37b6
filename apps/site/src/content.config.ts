/**
 * The content collections: legal texts (content/legal/<document>/<version>.<locale>.mdx) and docs
 * (content/docs/<slug>.<locale>.mdx), both at the repository root so the legal team edits plain files.
 *
 * Astro's own schema error names the entry id, not the file; the legal team needs the file and the field.
 * So each collection's loader is the glob loader with a check in front of Astro's validation: it parses the
 * frontmatter with the same schema, compares `version`/`locale` with the file name, and throws a message
 * such as `content/legal/privacy/2026-04-26.en.mdx: field "summary": Required`.
 */
import { defineCollection, z } from 'astro:content';
import { file, glob, type Loader } from 'astro/loaders';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LEGAL_DOCUMENTS, LEGAL_LOCALES } from '@vipcloud/contracts';
import { contentDir, repoPath, repoRoot } from './lib/site-env';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(s: string): boolean {
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
}

/**
 * A calendar day written YYYY-MM-DD. YAML reads an unquoted 2026-04-26 as a Date (midnight UTC), a quoted
 * one as a string; both are accepted and kept as the string.
 */
const day = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ invalid_type_error: 'must be a date written YYYY-MM-DD' })
    .regex(DAY, 'must be a date written YYYY-MM-DD')
    .refine((s) => !DAY.test(s) || isCalendarDay(s), 'is not a real calendar day'),
);

const locale = z.enum(LEGAL_LOCALES);

export const legalSchema = z
  .object({
    title: z.string().min(1),
    version: day,
    effective: day,
    summary: z.string().min(1),
    material: z.boolean(),
    locale,
  })
  .strict();

export const docsSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  order: z.number(),
  locale,
});

const LEGAL_FILE = new RegExp(
  `^(${LEGAL_DOCUMENTS.join('|')})/(\\d{4}-\\d{2}-\\d{2})\\.(${LEGAL_LOCALES.join('|')})\\.mdx$`,
);
const DOCS_FILE = new RegExp(`^([a-z0-9]+(?:-[a-z0-9]+)*)\\.(${LEGAL_LOCALES.join('|')})\\.mdx$`);

/** A build error naming the file (repository-relative) and what is wrong with it. */
function fail(filePath: string | undefined, problems: string[]): never {
  const file = filePath ? repoPath(filePath) : '(unknown file)';
  throw new Error(problems.map((p) => `${file}: ${p}`).join('\n'));
}

/**
 * The glob loader over `<content>/<folder>/**\/*.mdx`, with ids `<path without .mdx>` and `check` run on
 * each file's frontmatter before Astro validates it.
 */
function checkedGlob(
  folder: string,
  schema: z.ZodTypeAny,
  fileName: RegExp,
  check: (match: RegExpMatchArray, data: Record<string, unknown>) => string[],
): Loader {
  const base = pathToFileURL(`${contentDir()}/${folder}/`).href;
  const inner = glob({ base, pattern: '**/*.mdx', generateId: ({ entry }) => entry.replace(/\.mdx$/, '') });
  return {
    name: `${folder}-loader`,
    load: (context) =>
      inner.load({
        ...context,
        parseData: async (props) => {
          // The id is the path inside the collection's folder without .mdx (see generateId above).
          const match = `${props.id}.mdx`.match(fileName);
          if (!match) fail(props.filePath, [`the file name must look like ${describe(fileName, folder)}`]);
          const parsed = schema.safeParse(props.data);
          if (!parsed.success) {
            fail(
              props.filePath,
              parsed.error.issues.map((issue) =>
                issue.code === 'unrecognized_keys'
                  ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
                  : `field "${issue.path.join('.')}": ${issue.message}`,
              ),
            );
          }
          const problems = check(match, parsed.data as Record<string, unknown>);
          if (problems.length > 0) fail(props.filePath, problems);
          return context.parseData(props);
        },
      }),
  };
}

function describe(fileName: RegExp, folder: string): string {
  return folder === 'legal'
    ? `<document>/<YYYY-MM-DD>.<locale>.mdx with document ${LEGAL_DOCUMENTS.join(' or ')} and locale ${LEGAL_LOCALES.join(' or ')} (${fileName.source})`
    : `<slug>.<locale>.mdx with a lowercase-and-hyphens slug and locale ${LEGAL_LOCALES.join(' or ')}`;
}

/** A field that must repeat what the file name says. */
function sameAs(field: string, value: unknown, fromName: string): string[] {
  return value === fromName ? [] : [`field "${field}" is "${String(value)}" but the file name says "${fromName}"`];
}

const legal = defineCollection({
  loader: checkedGlob('legal', legalSchema, LEGAL_FILE, ([, , version, fileLocale], data) => [
    ...sameAs('version', data.version, version),
    ...sameAs('locale', data.locale, fileLocale),
  ]),
  schema: legalSchema,
});

const docs = defineCollection({
  loader: checkedGlob('docs', docsSchema, DOCS_FILE, ([, , fileLocale], data) =>
    sameAs('locale', data.locale, fileLocale),
  ),
  schema: docsSchema,
});

/**
 * The gateway's model catalog, read as data (the site may not import the gateway lib): the docs' models
 * and prices table. Each entry also carries the catalog's version; route details are dropped.
 */
const MODEL_CATALOG = 'libs/api/gateway/src/lib/catalog/model-catalog.json';
const microsPerMillion = z.number().int().nonnegative();

const models = defineCollection({
  loader: file(join(repoRoot(), MODEL_CATALOG), {
    parser: (text) => {
      const catalog = JSON.parse(text) as { version: string; models: Record<string, unknown>[] };
      return catalog.models.map((model) => ({ ...model, catalogVersion: catalog.version }));
    },
  }),
  schema: z.object({
    id: z.string().min(1),
    ownedBy: z.string().min(1),
    contextWindow: z.number().int().positive(),
    maxOutputTokens: z.number().int().positive(),
    price: z.object({ input: microsPerMillion, cachedInput: microsPerMillion, output: microsPerMillion }),
    catalogVersion: z.string(),
  }),
});

export const collections = { legal, docs, models };
