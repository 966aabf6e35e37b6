#!/usr/bin/env node
// Measures what the gateway adds on the hot path, against a local fake upstream on loopback. The
// fake, a minimal proxy (the floor for any extra hop) and the gateway each run in their own process:
//   1. time to first byte of a stream: direct, through the minimal proxy, through the gateway;
//   2. non-streamed throughput and latency under load (autocannon), the same three ways.
// Usage: npm run build && npm run bench [-- --seconds 10 --connections 50 --ttfb-runs 300]
// Set DATABASE_URL / REDIS_URL to measure the production mode instead of the embedded default.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;
const autocannon = require('autocannon');
const { request } = require('undici');

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'ttfb-runs': { type: 'string', default: '300' },
  },
});

const dataDir = mkdtempSync(join(tmpdir(), 'vc-bench-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const fakePort = port + 1;
const proxyPort = port + 2;
const fake = { baseUrl: `http://127.0.0.1:${fakePort}` };
const children = [];
function launch(args, extraEnv = {}) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => /listening|BASE_URL/i.test(String(d)) && resolve());
    child.on('exit', (code) => reject(new Error(`${args[args.length - 1]} exited with ${code}`)));
  });
}
await launch([
  join(root, 'dist/tools/fake-upstream/src/cli.js'),
  '--flavor',
  'deepseek',
  '--port',
  String(fakePort),
  '--keys',
  'sk-bench',
]);
await launch([join(root, 'tools/bench/minimal-proxy.mjs'), fake.baseUrl, String(proxyPort)]);
const proxy = `http://127.0.0.1:${proxyPort}`;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  DEEPSEEK_API_KEY: 'sk-bench',
  DEEPSEEK_BASE_URL: fake.baseUrl,
};
const cli = (...args) =>
  execFileSync(process.execPath, [join(root, 'dist/apps/api/src/cli.js'), ...args], { env, encoding: 'utf8' });

try {
  await launch(
    [
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
      join(root, 'dist/apps/api/src/main.js'),
    ],
    env,
  );
  const email = `bench-${Date.now()}@example.com`;
  cli('accounts:create', '--email', email);
  const apiKey = cli('keys:create', '--account', email).trim().split('\n').pop();
  // Requests hold credits before they are forwarded: fund the account generously.
  cli(
    'credits:adjust',
    '--account',
    email,
    '--amount',
    '1000000',
    '--reason',
    'benchmark',
    '--idempotency-key',
    `bench-${Date.now()}`,
  );
  const gateway = `http://127.0.0.1:${port}/v1`;
  const body = (stream) =>
    JSON.stringify({
      model: 'deepseek-flash',
      stream,
      messages: [{ role: 'user', content: 'Benchmark [[fake:reply=a short steady answer]] [[fake:chunks=5]]' }],
    });

  async function ttfb(base, key) {
    const t0 = performance.now();
    const res = await request(`${base}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body(true),
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
    for await (const chunk of res.body) {
      if (String(chunk).includes('data:')) {
        const t = performance.now() - t0;
        for await (const _ of res.body) void _;
        return t;
      }
    }
    throw new Error('no data');
  }

  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const runs = Number(opts['ttfb-runs']);
  for (let i = 0; i < 30; i++) {
    await ttfb(fake.baseUrl, 'sk-bench');
    await ttfb(proxy, 'sk-bench');
    await ttfb(gateway, apiKey);
  }
  const direct = [];
  const floor = [];
  const via = [];
  for (let i = 0; i < runs; i++) {
    direct.push(await ttfb(fake.baseUrl, 'sk-bench'));
    floor.push(await ttfb(proxy, 'sk-bench'));
    via.push(await ttfb(gateway, apiKey));
  }

  const load = (url, key) =>
    autocannon({
      url: `${url}/chat/completions`,
      method: 'POST',
      connections: Number(opts.connections),
      duration: Number(opts.seconds),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body(false),
    });
  const loadDirect = await load(fake.baseUrl, 'sk-bench');
  const loadFloor = await load(proxy, 'sk-bench');
  const loadVia = await load(gateway, apiKey);

  const f = (n) => n.toFixed(2);
  const mode = process.env.DATABASE_URL ? 'MySQL + Redis' : 'SQLite (embedded)';
  console.log(`\nGateway benchmark — ${mode}, node ${process.version}, loopback fake DeepSeek upstream\n`);
  console.log('| measure | direct to upstream | minimal proxy | gateway | gateway minus minimal proxy |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const p of [50, 95, 99]) {
    console.log(
      `| stream TTFB p${p} (ms, ${runs} sequential) | ${f(pct(direct, p))} | ${f(pct(floor, p))} | ${f(pct(via, p))} | ${f(pct(via, p) - pct(floor, p))} |`,
    );
  }
  console.log(
    `| non-stream req/s (${opts.connections} conns, ${opts.seconds}s) | ${f(loadDirect.requests.average)} | ${f(loadFloor.requests.average)} | ${f(loadVia.requests.average)} | — |`,
  );
  console.log(
    `| non-stream latency p50 (ms) | ${f(loadDirect.latency.p50)} | ${f(loadFloor.latency.p50)} | ${f(loadVia.latency.p50)} | ${f(loadVia.latency.p50 - loadFloor.latency.p50)} |`,
  );
  console.log(
    `| non-stream latency p99 (ms) | ${f(loadDirect.latency.p99)} | ${f(loadFloor.latency.p99)} | ${f(loadVia.latency.p99)} | ${f(loadVia.latency.p99 - loadFloor.latency.p99)} |`,
  );
  console.log(`| errors (non-2xx) | ${loadDirect.non2xx} | ${loadFloor.non2xx} | ${loadVia.non2xx} | |`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
