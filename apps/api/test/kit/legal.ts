import { writeLegalManifest } from '@vipcloud/legal/testing';

export { legalManifestFixture, manifestVersion, writeLegalManifest } from '@vipcloud/legal/testing';

let defaultPath: string | undefined;

/**
 * The legal manifest every process the kit starts reads unless a test passes its own
 * LEGAL_MANIFEST_PATH (each document's first version, 2026-04-26, not material): the suite runs
 * without a built site. Written once per test file, to a temporary directory.
 */
export function defaultLegalManifestPath(): string {
  defaultPath ??= writeLegalManifest();
  return defaultPath;
}
