// The public site: static HTML built to dist/apps/site, which the API serves (libs/api/site) or any
// static host can. Content (legal texts, docs) lives at the repository root in content/.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { legalManifest } from './integrations/legal-manifest.ts';
import { rehypeTableScroll } from './src/lib/rehype-table-scroll.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// The content config, the pages and the manifest read these (see src/lib/site-env.ts). Tests point
// SITE_CONTENT_DIR at a small content set of their own.
process.env.SITE_REPO_ROOT = repoRoot;
process.env.SITE_CONTENT_DIR = resolve(repoRoot, process.env.SITE_CONTENT_DIR || 'content');
// Builds of other content (tests) keep their caches apart from the real build's (apps/site/node_modules).
const cacheDir = process.env.SITE_CACHE_DIR ? resolve(repoRoot, process.env.SITE_CACHE_DIR) : undefined;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  outDir: process.env.SITE_OUT_DIR ? resolve(repoRoot, process.env.SITE_OUT_DIR) : resolve(repoRoot, 'dist/apps/site'),
  ...(cacheDir && { cacheDir: resolve(cacheDir, 'astro') }),
  output: 'static',
  // Canonical URLs have no trailing slash: /legal/privacy is legal/privacy.html on disk.
  trailingSlash: 'never',
  build: {
    format: 'file',
    // Stylesheets as files, so the Content-Security-Policy can say style-src 'self'.
    inlineStylesheets: 'never',
  },
  i18n: {
    locales: ['en', 'zh-cn'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  markdown: {
    // Prism marks code with classes (styled in site.css); Shiki would write inline style attributes,
    // which the CSP forbids.
    syntaxHighlight: 'prism',
    rehypePlugins: [rehypeTableScroll],
  },
  // Preact compiles the portal's islands (src/portal); they are mounted by the pages' own bundled scripts,
  // not by Astro's client:* loader, whose inline script the CSP forbids (see src/portal/mount.tsx).
  integrations: [mdx(), preact(), legalManifest()],
  devToolbar: { enabled: false },
  vite: {
    // Scripts and styles always as files under /_astro/ (never inlined into a page, which the CSP forbids).
    build: { assetsInlineLimit: 0 },
    ...(cacheDir && { cacheDir: resolve(cacheDir, 'vite') }),
    resolve: {
      alias: { '@vipcloud/contracts': resolve(repoRoot, 'libs/shared/contracts/src/index.ts') },
    },
  },
});
