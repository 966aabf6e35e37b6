// Runs `astro build` for apps/site in a child process (Astro's build is not meant to run twice in one
// process) and returns its exit code and combined output. Options become the environment variables
// astro.config.mjs reads: SITE_CONTENT_DIR, SITE_OUT_DIR and SITE_CACHE_DIR (repository-relative or absolute).
const { spawn } = require('node:child_process');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../../..');

function buildSite({ contentDir, outDir, cacheDir, env = {} } = {}) {
  // The package's bin script (not in its exports map, so located through package.json).
  const astro = path.join(path.dirname(require.resolve('astro/package.json', { paths: [repoRoot] })), 'astro.js');
  const childEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env };
  if (contentDir) childEnv.SITE_CONTENT_DIR = contentDir;
  if (outDir) childEnv.SITE_OUT_DIR = outDir;
  if (cacheDir) childEnv.SITE_CACHE_DIR = cacheDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build', '--root', 'apps/site'], {
      cwd: repoRoot,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

module.exports = { buildSite, repoRoot };
