#!/usr/bin/env node
// Measures what the gateway adds on the hot path, against a local fake upstream on loopback:
//   1. time to first byte of a stream, direct to the upstream vs through the gateway;
//   2. non-streamed throughput and latency under load (autocannon), direct vs through the gateway.
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
const { startFakeUpstream } = require(join(root, 'dist/tools/fake-upstream/src/index.js'));

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'ttfb-runs': { type: 'string', default: '300' },
  },
});

const dataDir = mkdtempSync(join(tmpdir(), 'vc-bench-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const fake = await startFakeUpstream({ flavor: 'deepseek', apiKeys: ['sk-bench'] });
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  DEEPSEEK_API_KEY: 'sk-bench',
  DEEPSEEK_BASE_URL: fake.baseUrl,
};
const cli = (...args) => execFileSync(process.execPath, [join(root, 'dist/apps/api/src/cli.js'), ...args], { env, encoding: 'utf8' });
const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), join(root, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });

try {
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => String(d).includes('listening') && resolve());
    server.on('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  const email = `bench-${Date.now()}@example.com`;
  cli('accounts:create', '--email', email);
  const apiKey = cli('keys:create', '--account', email).trim().split('\n').pop();
  const gateway = `http://127.0.0.1:${port}/v1`;
  const body = (stream) =>
    JSON.stringify({ model: 'deepseek-flash', stream, messages: [{ role: 'user', content: 'Benchmark [[fake:reply=a short steady answer]] [[fake:chunks=5]]' }] });

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
    await ttfb(gateway, apiKey);
  }
  const direct = [];
  const via = [];
  for (let i = 0; i < runs; i++) {
    direct.push(await ttfb(fake.baseUrl, 'sk-bench'));
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
  const loadVia = await load(gateway, apiKey);

  const f = (n) => n.toFixed(2);
  const mode = process.env.DATABASE_URL ? 'MySQL + Redis' : 'SQLite (embedded)';
  console.log(`\nGateway benchmark — ${mode}, node ${process.version}, loopback fake DeepSeek upstream\n`);
  console.log('| measure | direct to upstream | through gateway | gateway adds |');
  console.log('| --- | --- | --- | --- |');
  for (const p of [50, 95, 99]) {
    console.log(`| stream TTFB p${p} (ms, ${runs} sequential) | ${f(pct(direct, p))} | ${f(pct(via, p))} | ${f(pct(via, p) - pct(direct, p))} |`);
  }
  console.log(`| non-stream req/s (${opts.connections} conns, ${opts.seconds}s) | ${f(loadDirect.requests.average)} | ${f(loadVia.requests.average)} | — |`);
  console.log(`| non-stream latency p50 (ms) | ${f(loadDirect.latency.p50)} | ${f(loadVia.latency.p50)} | ${f(loadVia.latency.p50 - loadDirect.latency.p50)} |`);
  console.log(`| non-stream latency p99 (ms) | ${f(loadDirect.latency.p99)} | ${f(loadVia.latency.p99)} | ${f(loadVia.latency.p99 - loadDirect.latency.p99)} |`);
  console.log(`| errors (non-2xx) | ${loadDirect.non2xx} | ${loadVia.non2xx} | |`);
} finally {
  server.kill('SIGTERM');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
