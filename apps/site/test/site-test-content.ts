/**
 * Small content directories for build tests: a temporary folder under tmp/ with legal/ (and docs/)
 * files, so a build that is meant to fail gets there quickly.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './build-site';

export interface LegalFrontmatter {
  title?: string;
  version?: string;
  effective?: string;
  summary?: string;
  material?: boolean | string;
  locale?: string;
}

/** A valid English frontmatter for `<document>/<version>.en.mdx`. */
export const validLegal = (version: string): LegalFrontmatter => ({
  title: 'Privacy Policy',
  version,
  effective: version,
  summary: 'First published version.',
  material: false,
  locale: 'en',
});

export function mdx(frontmatter: object, body = '## 1. Who we are\n\nWe run the service.\n'): string {
  const lines = Object.entries(frontmatter).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

export class TestContent {
  private constructor(readonly dir: string) {}

  static async create(): Promise<TestContent> {
    await mkdir(path.join(repoRoot, 'tmp'), { recursive: true });
    return new TestContent(await mkdtemp(path.join(repoRoot, 'tmp', 'site-content-')));
  }

  /** Writes `<dir>/<file>` (e.g. legal/privacy/2026-04-26.en.mdx). */
  async write(file: string, text: string): Promise<this> {
    await mkdir(path.dirname(path.join(this.dir, file)), { recursive: true });
    await writeFile(path.join(this.dir, file), text);
    return this;
  }

  /** A path as the build names it: relative to the repository root. */
  repoPath(file: string): string {
    return path.relative(repoRoot, path.join(this.dir, file)).split(path.sep).join('/');
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
