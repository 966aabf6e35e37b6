/**
 * The legal documents' manifest: written by the site's build (`legal-manifest.json` at the root of the
 * built site), read by the API at start. The site is the source of truth for which versions exist; the
 * API needs to know which Terms version is current and which versions are material, and the hash lets an
 * operator prove which text a user accepted.
 */
export const LEGAL_MANIFEST_FILE = 'legal-manifest.json';

/** The documents the legal team publishes; each lives in content/legal/<document>/. */
export const LEGAL_DOCUMENTS = ['privacy', 'terms'] as const;
export type LegalDocumentId = (typeof LEGAL_DOCUMENTS)[number];

/** Locales of a translation file (`<version>.<locale>.mdx`); English is authoritative. */
export const LEGAL_LOCALES = ['en', 'zh-cn'] as const;
export type LegalLocale = (typeof LEGAL_LOCALES)[number];

export interface LegalManifestSource {
  locale: LegalLocale;
  /** Path relative to the repository root, e.g. content/legal/privacy/2026-04-26.en.mdx */
  file: string;
  /** SHA-256 of the source file's bytes, lowercase hex. */
  sha256: string;
}

export interface LegalManifestVersion {
  /** The version's date, YYYY-MM-DD; also its address: /legal/<document>/<version>/. */
  version: string;
  /** The day it takes effect (UTC), YYYY-MM-DD. */
  effective: string;
  /** A material change: users are told by email, and for the Terms asked to accept again. */
  material: boolean;
  title: string;
  /** What changed, one or two sentences (English). */
  summary: string;
  sources: LegalManifestSource[];
}

export interface LegalManifestDocument {
  id: LegalDocumentId;
  /** Oldest first. */
  versions: LegalManifestVersion[];
}

export interface LegalManifest {
  /** ISO time of the build. */
  generatedAt: string;
  documents: LegalManifestDocument[];
}
