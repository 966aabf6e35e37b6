// The real site as built by the global setup (dist/apps/site): the legal manifest and the
// "what changed" page of the second privacy version.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LEGAL_DOCUMENTS, type LegalManifest } from '@vipcloud/contracts';
import { repoRoot } from './build-site';

const site = path.join(repoRoot, 'dist/apps/site');
const read = (file: string) => readFile(path.join(site, file), 'utf8');

/** content/legal/<document>/<version>.<locale>.mdx, repository-relative. */
async function legalFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const document of await readdir(path.join(repoRoot, 'content/legal'))) {
    for (const name of await readdir(path.join(repoRoot, 'content/legal', document))) {
      if (name.endsWith('.mdx')) files.push(`content/legal/${document}/${name}`);
    }
  }
  return files.sort();
}

/** The text inside each <tag>…</tag>, markup and the hidden screen-reader labels removed. */
function textsOf(html: string, tag: 'ins' | 'del'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
    m[1]
      .replace(/<span class="(mark|visually-hidden)"[^>]*>[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .trim(),
  );
}

describe('the built site', () => {
  it('writes a manifest listing every version of every document, oldest first, with each source hash', async () => {
    const manifest = JSON.parse(await read('legal-manifest.json')) as LegalManifest;
    expect(manifest.documents.map((d) => d.id)).toEqual([...LEGAL_DOCUMENTS]);
    const listed = manifest.documents.flatMap((d) => d.versions.flatMap((v) => v.sources.map((s) => s.file)));
    expect([...listed].sort()).toEqual(await legalFiles());
    for (const doc of manifest.documents) {
      const versions = doc.versions.map((v) => v.version);
      expect(versions).toEqual([...versions].sort());
      for (const version of doc.versions) {
        expect(version.sources[0].locale).toBe('en');
        for (const source of version.sources) {
          expect(source.file).toBe(`content/legal/${doc.id}/${version.version}.${source.locale}.mdx`);
          const bytes = await readFile(path.join(repoRoot, source.file));
          expect(source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        }
      }
    }
    const privacy = manifest.documents.find((d) => d.id === 'privacy')!;
    expect(privacy.versions.map((v) => [v.version, v.effective, v.material])).toEqual([
      ['2026-04-26', '2026-04-26', false],
      ['2026-11-28', '2026-11-28', true],
    ]);
    const terms = manifest.documents.find((d) => d.id === 'terms')!;
    expect(terms.versions.map((v) => [v.version, v.material])).toEqual([['2026-04-26', false]]);
  });

  it('shows what changed in the second privacy version as insertions and deletions', async () => {
    for (const page of ['legal/privacy/2026-11-28/changes.html', 'zh-cn/legal/privacy/2026-11-28/changes.html']) {
      const html = await read(page);
      const inserted = textsOf(html, 'ins');
      const deleted = textsOf(html, 'del');
      // §8 now says that keys and session tokens are stored as hashes.
      expect(inserted.join(' ')).toMatch(/hash/i);
      expect(deleted.filter((text) => text !== '').length).toBeGreaterThan(0);
      // Unchanged text is there too, outside the marks.
      expect(html.replace(/<(ins|del)>[\s\S]*?<\/\1>/g, '')).toMatch(/Who we are/i);
    }
    // The first version has nothing to compare with.
    expect(existsSync(path.join(site, 'legal/privacy/2026-04-26/changes.html'))).toBe(false);
  });

  it('builds every page in both languages, with lang on <html>', async () => {
    for (const [page, lang] of [
      ['index.html', 'en'],
      ['zh-cn.html', 'zh-CN'],
      ['404.html', 'en'],
      ['zh-cn/404.html', 'zh-CN'],
      ['legal/privacy.html', 'en'],
      ['zh-cn/legal/privacy/versions.html', 'zh-CN'],
      ['docs.html', 'en'],
      ['zh-cn/docs.html', 'zh-CN'],
    ]) {
      expect(await read(page)).toContain(`<html lang="${lang}">`);
    }
    // The Chinese page of a version without a translation shows the English text, marked as English.
    expect(await read('zh-cn/legal/privacy/2026-04-26.html')).toMatch(/<div class="legal-body" lang="en">/);
  });

  it('has no inline scripts or style attributes, so the CSP needs no exceptions', async () => {
    const pages: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (entry.name.endsWith('.html')) pages.push(file);
      }
    };
    await walk(site);
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = await readFile(page, 'utf8');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/<style[\s>]/);
      // Nothing is loaded from another origin (links to other sites are fine).
      expect(html).not.toMatch(/\ssrc="(https?:)?\/\//);
      expect(html).not.toMatch(/<link[^>]+href="(https?:)?\/\//);
    }
  });
});
