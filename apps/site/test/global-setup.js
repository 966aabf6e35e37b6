// Jest globalSetup for everything that reads the built site (the site's build tests, the browser tests):
// builds the real site into dist/apps/site once per test run, however many projects list this file.
// SITE_TEST_SKIP_BUILD=1 reuses an existing build (when iterating on a test, not in CI).
const { existsSync } = require('node:fs');
const path = require('node:path');
const { buildSite, repoRoot } = require('./build-site.js');

module.exports = async function globalSetup() {
  if (globalThis.__vipcloudSiteBuilt) return;
  const index = path.join(repoRoot, 'dist/apps/site/index.html');
  if (process.env.SITE_TEST_SKIP_BUILD === '1' && existsSync(index)) {
    globalThis.__vipcloudSiteBuilt = true;
    return;
  }
  const { code, output } = await buildSite();
  if (code !== 0) throw new Error(`The site's build failed (exit ${code}):\n${output}`);
  globalThis.__vipcloudSiteBuilt = true;
};
