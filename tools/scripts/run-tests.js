// `npm test`: every check and every test, in two lanes that run side by side, because one Jest worker leaves
// half of a 2-core machine idle (the suites wait on servers, databases and a browser much of the time), while
// two workers in one Jest run would put two browser suites, or two process-spawning e2e suites, on the same
// cores at once. Each lane runs its steps in order and stops at its first failure; the other lane goes on, so
// one run reports everything. Lines are prefixed with their lane. The run ends with one plain line that CI
// systems read — "Tests: N passed, N failed, N skipped" — summed over both Jest runs.
//
//   api:  TypeScript (API, libs, tools), ESLint, Prettier, then Jest's unit, e2e and int projects;
//   site: the site's TypeScript, then Jest's site project (the build, then the browser specs).
//
// The generated GraphQL types and Astro's content types come first, once, so that neither lane writes files
// the other reads. Hand-rolled rather than `concurrently`/`npm-run-all`: those run commands, but the lanes'
// own order and the summed summary would still be code of ours.
const { spawn } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '../..');
const summaryDir = path.join(root, 'tmp/test-summary');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

const prepare = [
  [bin('graphql-codegen'), '--config', 'apps/site/codegen.ts'],
  [bin('astro'), 'sync', '--root', 'apps/site'],
];

const jest = (lane, projects) => [
  bin('jest'),
  '--selectProjects',
  ...projects,
  // Each lane's Jest runs its suites one at a time; the lanes are the parallelism.
  '--runInBand',
  { env: { TEST_SUMMARY_FILE: path.join(summaryDir, `${lane}.json`) } },
];

const lanes = {
  api: [
    [bin('tsc'), '-p', 'tsconfig.json'],
    [bin('tsc'), '-p', 'libs/shared/contracts/tsconfig.json'],
    ['npm', 'run', '--silent', 'lint'],
    [bin('prettier'), '--check', '.', '--log-level', 'warn'],
    jest('api', ['unit', 'e2e', 'int']),
  ],
  site: [
    [bin('tsc'), '-p', 'apps/site/tsconfig.json'],
    [bin('tsc'), '-p', 'apps/site/test/tsconfig.json'],
    [bin('tsc'), '-p', 'apps/site/test/browser/tsconfig.json'],
    jest('site', ['site']),
  ],
};

const width = Math.max(...Object.keys(lanes).map((l) => l.length));

/** Runs one command, each line of its output prefixed with the lane; resolves to its exit code. */
function run(lane, step) {
  const options = typeof step[step.length - 1] === 'object' ? step[step.length - 1] : {};
  const [command, ...args] = step.filter((part) => typeof part === 'string');
  const prefix = `${lane.padEnd(width)} │ `;
  process.stdout.write(`${prefix}$ ${[path.basename(command), ...args].join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
    }
    child.on('error', (err) => {
      process.stdout.write(`${prefix}could not start: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function runLane(lane, steps) {
  for (const step of steps) {
    const code = await run(lane, step);
    if (code !== 0) {
      process.stdout.write(`${lane.padEnd(width)} │ failed (exit ${code}); this lane stops here\n`);
      return false;
    }
  }
  return true;
}

/** The lanes' Jest counts, summed; a lane that never reached Jest counts as one failure. */
function summary(laneNames) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const lane of laneNames) {
    try {
      const counts = JSON.parse(readFileSync(path.join(summaryDir, `${lane}.json`), 'utf8'));
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    } catch {
      total.failed += 1;
    }
  }
  return total;
}

async function main() {
  rmSync(summaryDir, { recursive: true, force: true });
  mkdirSync(summaryDir, { recursive: true });
  for (const step of prepare) {
    const code = await run('prep', step);
    if (code !== 0) process.exit(code);
  }
  const started = Date.now();
  const results = await Promise.all(Object.entries(lanes).map(([lane, steps]) => runLane(lane, steps)));
  const { passed, failed, skipped } = summary(Object.keys(lanes));
  process.stdout.write(`\nBoth lanes done in ${Math.round((Date.now() - started) / 1000)} s.\n`);
  process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(results.every(Boolean) && failed === 0 ? 0 : 1);
}

main().catch((err) => {
  process.stdout.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
