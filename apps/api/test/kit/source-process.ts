import { join, resolve } from 'node:path';
import { defaultLegalManifestPath } from './legal';

/** The repository's root, where a child process runs the API from its TypeScript sources. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** Node's arguments that load the TypeScript sources on the fly (no build needed). */
export const FROM_SOURCE_ARGS = ['-r', '@swc-node/register'];

/**
 * The environment of a child process run from source: only what it needs, since settings inherited from
 * the test runner could change its mode. @swc-node/register takes the path aliases and the decorator
 * settings from the API's TypeScript config.
 */
export function sourceProcessEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
    SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.node.json'),
    // The API and the worker read the legal manifest at start; the kit's stands in for a built site.
    LEGAL_MANIFEST_PATH: defaultLegalManifestPath(),
    ...env,
  };
}
