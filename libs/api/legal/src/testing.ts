import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEGAL_MANIFEST_FILE, LegalDocumentId, LegalManifest, LegalManifestVersion } from '@vipcloud/contracts';

/** A manifest version as the site's build writes it, English source only; `material` defaults to false. */
export function manifestVersion(
  document: LegalDocumentId,
  version: string,
  extra: Partial<Omit<LegalManifestVersion, 'version'>> = {},
): LegalManifestVersion {
  return {
    version,
    effective: version,
    material: false,
    title: document === 'terms' ? 'Terms of Service' : 'Privacy Policy',
    summary: 'First published version.',
    sources: [{ locale: 'en', file: `content/legal/${document}/${version}.en.mdx`, sha256: '0'.repeat(64) }],
    ...extra,
  };
}

/**
 * A manifest for processes that need one but have no built site (tests, the schema writer): by
 * default each document's first version, 2026-04-26, neither material.
 */
export function legalManifestFixture(
  versions: Partial<Record<LegalDocumentId, LegalManifestVersion[]>> = {},
): LegalManifest {
  return {
    generatedAt: '2026-04-26T00:00:00.000Z',
    documents: (['privacy', 'terms'] as const).map((id) => ({
      id,
      versions: versions[id] ?? [manifestVersion(id, '2026-04-26')],
    })),
  };
}

/** Writes a manifest to a new temporary directory and returns its path (for LEGAL_MANIFEST_PATH). */
export function writeLegalManifest(manifest: LegalManifest = legalManifestFixture()): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vc-legal-')), LEGAL_MANIFEST_FILE);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
