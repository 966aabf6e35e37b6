/**
 * Writes legal-manifest.json at the root of the built site (type LegalManifest in @vipcloud/contracts):
 * every legal document, every version oldest first, and each source file's SHA-256. The API reads it at
 * start (LEGAL_MANIFEST_PATH) to know the current Terms and which versions are material.
 *
 * The manifest is a prerendered route the integration injects, so it is built from the same validated
 * collection as the pages and cannot disagree with them; the build then checks the file is there.
 */
import type { AstroIntegration } from 'astro';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { LEGAL_MANIFEST_FILE as CONTRACT_FILE, LegalManifest } from '@vipcloud/contracts';

// Astro loads its config (and so this file) before the site's module aliases apply: only types may come
// from @vipcloud/contracts here. The type check keeps the name equal to the contract's constant.
const LEGAL_MANIFEST_FILE = 'legal-manifest.json' satisfies typeof CONTRACT_FILE;

export function legalManifest(): AstroIntegration {
  return {
    name: 'vipcloud:legal-manifest',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        injectRoute({
          pattern: `/${LEGAL_MANIFEST_FILE}`,
          entrypoint: new URL('./legal-manifest.route.ts', import.meta.url),
          prerender: true,
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const file = fileURLToPath(new URL(LEGAL_MANIFEST_FILE, dir));
        const manifest = JSON.parse(await readFile(file, 'utf8')) as LegalManifest;
        const versions = manifest.documents.map((d) => `${d.id} ${d.versions.map((v) => v.version).join(', ')}`);
        logger.info(`${LEGAL_MANIFEST_FILE}: ${versions.join('; ')}`);
      },
    },
  };
}
