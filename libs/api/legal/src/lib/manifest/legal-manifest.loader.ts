import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LegalManifest } from '@vipcloud/contracts';
import { ConfigError } from '@vipcloud/platform';
import { z } from 'zod';
import { legalManifestSchema } from './legal-manifest.schema';

/**
 * The manifest is missing or not what the site's build writes. A ConfigError, so the process
 * entry prints the message alone (no stack): the operator has a file to fix, not a bug to report.
 */
export class LegalManifestError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'LegalManifestError';
  }
}

/** Reads and validates the manifest at `path` (relative to the working directory). */
export function loadLegalManifest(path: string): LegalManifest {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new LegalManifestError(
        `The legal manifest ${file} does not exist: build the site first: npm run build (or set LEGAL_MANIFEST_PATH).`,
      );
    throw new LegalManifestError(`The legal manifest ${file} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LegalManifestError(`The legal manifest ${file} is not JSON: ${(err as Error).message}`);
  }
  const parsed = legalManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new LegalManifestError(
      `The legal manifest ${file} is not valid (rebuild the site: npm run build):\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}
