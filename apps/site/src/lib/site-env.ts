/**
 * The site's one reader of the build environment (as platform/config is the API's): nothing else in
 * apps/site reads process.env, except astro.config.mjs, which sets what is read here.
 *
 * Where the build finds things. astro.config.mjs resolves these once (from SITE_CONTENT_DIR, default
 * `<repo>/content`) and publishes them in the environment, because the content config, the pages and the
 * manifest route run in modules Vite loads separately and must all read the same directory.
 */
import { contactsFromEnv, type Contacts } from '@vipcloud/contracts';
import { relative, sep } from 'node:path';

function required(name: 'SITE_CONTENT_DIR' | 'SITE_REPO_ROOT'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: build the site through apps/site/astro.config.mjs`);
  return value;
}

/** Absolute path of the content directory (holding legal/ and docs/). */
export const contentDir = (): string => required('SITE_CONTENT_DIR');

/** Absolute path of the repository root. */
export const repoRoot = (): string => required('SITE_REPO_ROOT');

/** A path as the repository names it (forward slashes, relative to its root), for messages and the manifest. */
export function repoPath(absolute: string): string {
  return relative(repoRoot(), absolute).split(sep).join('/');
}

/** The contact addresses shown on every page: the same variables (and defaults) the API's security.txt uses. */
export const siteContacts = (): Contacts => contactsFromEnv(process.env);
