#!/usr/bin/env node
// What the gateway costs, measured side by side in one run: the fake upstream directly, the floor (a bare
// Node proxy with a keep-alive pool), and the gateway embedded (SQLite), with MariaDB + Redis (one
// instance) and as two instances and a worker. Every measurement round visits every target in turn (the
// order rotating per round), so noise on the shared machine hits all of them alike. After each gateway run
// the bench waits until every request is settled and checks the money: one metadata row per upstream call,
// Σ ledger = balance, held = Σ holds, and the balance went down by exactly the requests' cost.
// Usage: npm run build && npm run bench [-- --seconds 5 --rounds 3 --targets direct,floor,embedded
//        --skip-streams-1000 --out report.md]   (see --help)
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chatBody, nonStreamLoad, openStreams, percentile, streamLoad } from './lib/load.mjs';
import { assertAlive, memoryMb, sleep, stopAll, watch } from './lib/processes.mjs';
import { renderReport } from './lib/report.mjs';
import { GATEWAY_KINDS, ROOT, startFake, startFloor, startGateway } from './lib/targets.mjs';

const ALL_TARGETS = ['direct', 'floor', 'embedded', 'mariadb', 'cluster'];
const HELP = `Usage: npm run bench -- [options]
  --seconds N            length of one measurement (default 5)
  --rounds N             measurement rounds; each visits every target once per scenario (default 4)
  --connections A,B      concurrency levels (default 1,32)
  --targets LIST         subset of ${ALL_TARGETS.join(',')} (default all; direct is always measured)
  --skip-streams-1000    leave out the concurrent open streams scenario
  --streams N            how many concurrent open streams (default 1000)
  --stream-seconds N     how long each of those streams lasts (default 8)
  --out FILE             where the Markdown report goes (default tools/bench/report.md; a .json beside it)
  --node-args "..."      extra node arguments for the gateway processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
A quick look: --seconds 3 --rounds 1 --skip-streams-1000 (about 2 minutes). The default run takes about 10.`;

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '1,32' },
    targets: { type: 'string', default: ALL_TARGETS.join(',') },
    'skip-streams-1000': { type: 'boolean', default: false },
    streams: { type: 'string', default: '1000' },
    'stream-seconds': { type: 'string', default: '8' },
    out: { type: 'string', default: join(ROOT, 'tools/bench/report.md') },
    'node-args': { type: 'string', default: process.env.BENCH_NODE_ARGS ?? '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
const seconds = Number(opts.seconds);
const rounds = Number(opts.rounds);
const connectionLevels = opts.connections.split(',').map(Number);
const wanted = new Set(['direct', ...opts.targets.split(',').map((t) => t.trim())]);
for (const t of wanted) if (!ALL_TARGETS.includes(t)) throw new Error(`Unknown target "${t}". ${HELP}`);
const nodeArgs = opts['node-args'].split(' ').filter(Boolean);
if (!existsSync(join(ROOT, 'dist/apps/api/src/main.js'))) throw new Error('Build first: npm run build');

const tmp = mkdtempSync(join(tmpdir(), 'vc-bench-'));
const targets = [];
let cleaning;
async function cleanUp() {
  cleaning ??= (async () => {
    await stopAll();
    for (const t of targets) await t.close?.();
    rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    process.stderr.write(`\n${sig}: stopping every process the bench started…\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const SCENARIOS = [false, true].flatMap((stream) =>
  connectionLevels.map((c) => ({
    id: `${stream ? 'stream' : 'nonstream'}-${c}`,
    stream,
    connections: c,
    title: `${stream ? 'Streaming' : 'Non-streaming'}, ${c} connection${c > 1 ? 's' : ''}`,
  })),
);
/** Requests per second each target answered last time, per scenario: sizes the next non-streamed run. */
const rateEstimate = new Map();

/**
 * After a gateway run: waits until every request has its metadata row (at least one per upstream call,
 * unchanged for two polls) and the ledger is clean and charged exactly the rows' cost, or 30 s pass.
 */
async function settle(target, fake, before, callsBefore) {
  const t0 = Date.now();
  let last;
  let stable = 0;
  for (;;) {
    const calls = (await fake.calls()) - callsBefore;
    const snap = await target.snapshot();
    const logs = snap.logs - before.logs;
    const ledger = checkLedger(target, snap);
    if (last && last.logs === logs && last.calls === calls && logs >= calls && ledger.clean) stable++;
    else stable = 0;
    last = { calls, logs, snap, ledger };
    if (stable >= 2 || Date.now() - t0 > 30_000) break;
    await sleep(100);
  }
  return { ...last, settleMs: Date.now() - t0 };
}

function checkLedger(target, snap) {
  const charged = target.funded - snap.balance;
  const cost = snap.costSum;
  return {
    clean: snap.balance === snap.ledgerSum && snap.held === snap.holdsSum && charged === cost,
    balanceMatches: snap.balance === snap.ledgerSum,
    heldMatches: snap.held === snap.holdsSum,
    chargedMatches: charged === cost,
    charged,
    cost,
  };
}

/** One measurement of one target; for a gateway also the settlement and the money check. */
async function measure(target, fake, scenario, round) {
  const gateway = target.snapshot !== undefined;
  const before = gateway ? await target.snapshot() : undefined;
  const callsBefore = await fake.calls();
  const watcher = watch(target.procs);
  const load = scenario.stream ? streamLoad : nonStreamLoad;
  const estimate = rateEstimate.get(`${target.name} ${scenario.id}`);
  const amount = estimate ? Math.round(estimate * seconds) : undefined;
  const r = await load({ urls: target.urls, key: target.key, connections: scenario.connections, seconds, amount });
  rateEstimate.set(`${target.name} ${scenario.id}`, r.rps);
  const usage = watcher.stop();
  assertAlive(target.procs);
  let after;
  if (gateway) after = await settle(target, fake, before, callsBefore);
  else await sleep(100);
  const calls = gateway ? after.calls : (await fake.calls()) - callsBefore;
  return {
    round,
    scenario: scenario.id,
    target: target.name,
    sent: r.sent,
    ok: r.ok,
    errors: r.errors,
    seconds: r.seconds,
    rps: r.rps,
    p50: r.p50,
    p99: r.p99,
    ttfbP50: percentile(r.ttfb, 50),
    ttfbP99: percentile(r.ttfb, 99),
    cpuMsPerReq: usage.cpuMs / Math.max(1, r.ok + r.errors),
    cpuMs: usage.cpuMs,
    peakRssMb: usage.peakRssMb,
    peakRssSumMb: usage.peakRssSumMb,
    upstreamCalls: calls,
    logs: after?.logs,
    settleMs: after?.settleMs,
    // Other work on the machine shows here: the rotation spreads it over the targets, it does not remove it.
    loadAvg: loadavg()[0],
    ledger: after?.ledger,
    ledgerEntries: after?.snap.ledgerEntries,
    // Raw samples for pooled percentiles; left out of the JSON file.
    _latencies: r.latencies,
    _ttfb: r.ttfb,
  };
}

/** Warms the JIT and the caches, and measures the rates that size the first round's non-streamed runs. */
async function warmUp(target) {
  for (const connections of connectionLevels) {
    const r = await nonStreamLoad({ urls: target.urls, key: target.key, connections, seconds: 2 });
    rateEstimate.set(`${target.name} nonstream-${connections}`, r.rps);
  }
  await streamLoad({ urls: target.urls, key: target.key, connections: 4, seconds: 1 });
}

/** The concurrent open streams scenario: each stream lasts about `stream-seconds`. */
async function manyStreams(target, fake) {
  const gateway = target.snapshot !== undefined;
  const count = Number(opts.streams);
  // The fake waits delay_ms before each event after the first: 14 events (role, 10 chunks, finish with
  // usage, [DONE] and the gap before it) take about 13 delays.
  const delay = Math.round((Number(opts['stream-seconds']) * 1000) / 13);
  const directives = `[[fake:reply=one two three four five six seven eight nine ten]] [[fake:chunks=10]] [[fake:delay_ms=${delay}]]`;
  const before = gateway ? await target.snapshot() : undefined;
  const idleRss = target.procs.map((p) => memoryMb(p.pid).rss);
  const callsBefore = await fake.calls();
  const watcher = watch(target.procs, 50);
  const r = await openStreams({ urls: target.urls, key: target.key, count, directives });
  const usage = watcher.stop();
  assertAlive(target.procs);
  const after = gateway ? await settle(target, fake, before, callsBefore) : undefined;
  const calls = gateway ? after.calls : (await fake.calls()) - callsBefore;
  return {
    target: target.name,
    count,
    ok: r.ok,
    errors: r.errors,
    wallSeconds: r.wallSeconds,
    streamP50: percentile(r.latencies, 50) / 1000,
    streamMax: percentile(r.latencies, 100) / 1000,
    ttfbP50: percentile(r.ttfb, 50),
    ttfbP99: percentile(r.ttfb, 99),
    idleRssMb: Math.max(...idleRss),
    idleRssSumMb: idleRss.reduce((a, b) => a + b, 0),
    peakRssMb: usage.peakRssMb,
    peakRssSumMb: usage.peakRssSumMb,
    cpuMs: usage.cpuMs,
    upstreamCalls: calls,
    logs: after?.logs,
    settleMs: after?.settleMs,
    ledger: after?.ledger,
  };
}

function gitDescribe() {
  try {
    const head = execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    return `${head}${dirty.trim() ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

try {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  log(`starting targets: ${[...wanted].join(', ')} (temp dir ${tmp})`);
  const fake = await startFake();
  targets.push(fake);
  if (wanted.has('floor')) targets.push(await startFloor(fake));
  for (const kind of Object.keys(GATEWAY_KINDS)) {
    if (!wanted.has(kind)) continue;
    log(`starting ${GATEWAY_KINDS[kind].label}`);
    const t = await startGateway(kind, { fake, tmp, nodeArgs });
    t.funded = (await t.snapshot()).balance;
    targets.push(t);
  }
  for (const t of targets) t.startRss = t.procs.map((p) => memoryMb(p.pid).rss);
  for (const t of targets) {
    log(`warming up ${t.name}`);
    await warmUp(t);
  }

  const results = [];
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of SCENARIOS) {
      // Rotated each round, so no target always runs first (or always right after the heaviest).
      const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
      for (const t of order) {
        const m = await measure(t, fake, scenario, round);
        results.push(m);
        log(
          `round ${round}/${rounds} ${scenario.id.padEnd(12)} ${t.name.padEnd(8)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(2)} ms` +
            `${scenario.stream ? `  ttfb p50 ${m.ttfbP50.toFixed(2)} ms` : ''}  errors ${m.errors}` +
            `${m.ledger ? `  ledger ${m.ledger.clean ? 'clean' : 'DRIFT'}` : ''}`,
        );
      }
    }
  }

  const streams = [];
  if (!opts['skip-streams-1000']) {
    for (const t of targets) {
      log(`${opts.streams} concurrent streams through ${t.name}`);
      const s = await manyStreams(t, fake);
      streams.push(s);
      log(`  ${s.ok}/${s.count} completed in ${s.wallSeconds.toFixed(1)} s, peak RSS ${s.peakRssMb.toFixed(0)} MB`);
    }
  }

  const reconciled = [];
  for (const t of targets) {
    if (!t.reconcileCli) continue;
    log(`credits:reconcile on ${t.name}`);
    reconciled.push({ target: t.name, ...(await t.reconcileCli()) });
  }

  const report = renderReport({
    startedAt,
    finishedAt: new Date(),
    commit: gitDescribe(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadAtStart.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end`,
    options: {
      seconds,
      rounds,
      connections: connectionLevels,
      streams: opts['skip-streams-1000'] ? 0 : Number(opts.streams),
      streamSeconds: Number(opts['stream-seconds']),
      nodeArgs,
    },
    targets: targets.map((t) => ({
      name: t.name,
      label: t.label,
      urls: t.urls,
      processes: t.procs.map((p) => p.name),
      startRssMb: t.startRss,
    })),
    scenarios: SCENARIOS,
    results,
    streams,
    reconciled,
    body: chatBody(false),
  });
  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report.markdown);
  writeFileSync(out.replace(/\.md$/, '') + '.json', JSON.stringify(report.json, null, 2));
  process.stdout.write(`${report.markdown}\n`);
  log(`report written to ${out}`);
  // Targets not met are news, not a failure; a wrong answer, a lost request or a drifted ledger is.
  process.exitCode = report.correct ? 0 : 1;
} catch (e) {
  // A process stopped by Ctrl-C fails whatever was waiting on it: only other failures are news.
  if (!cleaning) process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 2;
} finally {
  await cleanUp();
}
