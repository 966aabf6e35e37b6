/**
 * The legal collection as documents and versions: each version is an English file (authoritative) and
 * optionally translations. "Current" is the newest version in effect on the build day (UTC).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  LEGAL_DOCUMENTS,
  type LegalDocumentId,
  type LegalLocale,
  type LegalManifest,
  type LegalManifestVersion,
} from '@vipcloud/contracts';
import { contentDir, repoPath } from './site-env';

export type LegalEntry = CollectionEntry<'legal'>;

export interface LegalVersion {
  document: LegalDocumentId;
  version: string;
  effective: string;
  material: boolean;
  /** The English text: the version's title, summary and dates come from it. */
  english: LegalEntry;
  /** Every text of the version by locale, English included. */
  texts: Partial<Record<LegalLocale, LegalEntry>>;
}

export interface LegalDocument {
  id: LegalDocumentId;
  /** Oldest first. */
  versions: LegalVersion[];
  /** The version in effect today, if any has taken effect. */
  current: LegalVersion | undefined;
}

/** The absolute path of an entry's source file (ids are `<document>/<version>.<locale>`). */
export const sourceFile = (entry: LegalEntry): string => `${contentDir()}/legal/${entry.id}.mdx`;

/** Today (UTC) as YYYY-MM-DD: the build day decides which version is current. */
export const utcToday = (): string => new Date().toISOString().slice(0, 10);

let cache: Promise<LegalDocument[]> | undefined;

/** Every document in LEGAL_DOCUMENTS order (including any with no version yet). */
export function legalDocuments(): Promise<LegalDocument[]> {
  // The build renders many pages from one reading; `astro dev` must see each edit of the content.
  if (import.meta.env.DEV) return load();
  cache ??= load();
  return cache;
}

export async function legalDocument(id: LegalDocumentId): Promise<LegalDocument> {
  const doc = (await legalDocuments()).find((d) => d.id === id);
  if (!doc) throw new Error(`unknown legal document ${id}`);
  return doc;
}

async function load(): Promise<LegalDocument[]> {
  const entries = await getCollection('legal');
  const today = utcToday();
  return LEGAL_DOCUMENTS.map((id) => {
    const mine = entries.filter((e) => e.id.startsWith(`${id}/`));
    const versions = mine
      .filter((e) => e.data.locale === 'en')
      .sort((a, b) => a.data.version.localeCompare(b.data.version))
      .map((english): LegalVersion => {
        const texts: LegalVersion['texts'] = {};
        for (const e of mine) if (e.data.version === english.data.version) texts[e.data.locale] = e;
        return {
          document: id,
          version: english.data.version,
          effective: english.data.effective,
          material: english.data.material,
          english,
          texts,
        };
      });
    checkTranslations(mine, versions);
    checkEffectiveOrder(versions);
    const inEffect = versions.filter((v) => v.effective <= today);
    return { id, versions, current: inEffect.at(-1) };
  });
}

/** A translation must belong to an English version and repeat its dates and `material`. */
function checkTranslations(entries: LegalEntry[], versions: LegalVersion[]): void {
  const problems: string[] = [];
  for (const entry of entries.filter((e) => e.data.locale !== 'en')) {
    const file = repoPath(sourceFile(entry));
    const english = versions.find((v) => v.version === entry.data.version);
    if (!english) {
      problems.push(
        `${file}: there is no English text of version ${entry.data.version} (the English text is authoritative)`,
      );
      continue;
    }
    for (const field of ['effective', 'material'] as const) {
      if (entry.data[field] !== english.english.data[field]) {
        problems.push(
          `${file}: field "${field}" is "${entry.data[field]}" but the English text says "${english.english.data[field]}"`,
        );
      }
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/**
 * Versions take effect in the order of their dates: a later version effective before an earlier one
 * would make the earlier (perhaps material) text current again, or skip it unannounced.
 */
function checkEffectiveOrder(versions: LegalVersion[]): void {
  for (let i = 1; i < versions.length; i++) {
    const [before, after] = [versions[i - 1], versions[i]];
    if (after.effective < before.effective) {
      throw new Error(
        `${repoPath(sourceFile(after.english))}: field "effective" is "${after.effective}", before version ${before.version}'s "${before.effective}"`,
      );
    }
  }
}

/** The version before `version`, if any. */
export function predecessor(doc: LegalDocument, version: LegalVersion): LegalVersion | undefined {
  const index = doc.versions.indexOf(version);
  return index > 0 ? doc.versions[index - 1] : undefined;
}

export async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** The manifest the API reads (see integrations/legal-manifest.ts). */
export async function buildLegalManifest(): Promise<LegalManifest> {
  const documents = await legalDocuments();
  return {
    generatedAt: new Date().toISOString(),
    documents: await Promise.all(
      documents.map(async (doc) => ({
        id: doc.id,
        versions: await Promise.all(doc.versions.map(manifestVersion)),
      })),
    ),
  };
}

async function manifestVersion(version: LegalVersion): Promise<LegalManifestVersion> {
  const texts = Object.values(version.texts).sort((a, b) =>
    a.data.locale === 'en' ? -1 : b.data.locale === 'en' ? 1 : 0,
  );
  return {
    version: version.version,
    effective: version.effective,
    material: version.material,
    title: version.english.data.title,
    summary: version.english.data.summary,
    sources: await Promise.all(
      texts.map(async (entry) => ({
        locale: entry.data.locale,
        file: repoPath(sourceFile(entry)),
        sha256: await sha256(sourceFile(entry)),
      })),
    ),
  };
}
