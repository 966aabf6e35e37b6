// The Markdown report: the targets of the issue as met / not met, one table per scenario (pooled over the
// rounds), the concurrent streams, the final reconciliation, and every raw measurement.
import { percentile } from './load.mjs';

const GATEWAYS = ['embedded', 'mariadb', 'cluster'];
const RSS_LIMIT_MB = 300;
const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const signed = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(d)}`);
const int = (x) => (x === undefined || Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-US'));
const mark = (ok) => (ok === undefined ? 'n/a' : ok ? '✅ met' : '❌ not met');

function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function aggregate(rows) {
  const sum = (k) => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  const lat = rows.flatMap((r) => r._latencies);
  const ttfb = rows.flatMap((r) => r._ttfb);
  const gateway = rows[0].ledger !== undefined;
  const sent = sum('sent');
  const calls = sum('upstreamCalls');
  return {
    rounds: rows.length,
    sent,
    ok: sum('ok'),
    errors: sum('errors'),
    rps: sum('ok') / sum('seconds'),
    rpsRounds: rows.map((r) => r.rps),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    ttfbP50: percentile(ttfb, 50),
    ttfbP99: percentile(ttfb, 99),
    cpuMsPerReq: sum('cpuMs') / Math.max(1, sum('ok') + sum('errors')),
    peakRssMb: Math.max(...rows.map((r) => r.peakRssMb)),
    peakRssSumMb: Math.max(...rows.map((r) => r.peakRssSumMb)),
    calls,
    callsPerReq: calls / Math.max(1, sent),
    settled: gateway ? rows.every((r) => r.logs >= r.upstreamCalls) : undefined,
    logs: gateway ? sum('logs') : undefined,
    ledgerClean: gateway ? rows.every((r) => r.ledger.clean) : undefined,
  };
}

export function renderReport(run) {
  const { results, scenarios, streams, reconciled } = run;
  const names = run.targets.map((t) => t.name);
  const label = Object.fromEntries(run.targets.map((t) => [t.name, t.label]));
  const agg = {};
  for (const s of scenarios) {
    agg[s.id] = {};
    for (const n of names) {
      const rows = results.filter((r) => r.scenario === s.id && r.target === n);
      if (rows.length > 0) agg[s.id][n] = aggregate(rows);
    }
  }
  const get = (scenario, target) => agg[scenario]?.[target];
  const ratio = (scenario, target) =>
    get(scenario, target) && get(scenario, 'floor')
      ? get(scenario, target).rps / get(scenario, 'floor').rps
      : undefined;

  // The issue's targets.
  const verdicts = [];
  const add = (what, value, ok) => verdicts.push({ what, value, ok });
  for (const [target, bar] of [
    ['embedded', 0.5],
    ['mariadb', 0.35],
    ['cluster', 0.35],
  ]) {
    const r = ratio('nonstream-32', target);
    if (r !== undefined)
      add(
        `${label[target]}: non-streamed req/s at 32 connections ≥ ${bar}× floor`,
        `${fmt(r)}× (${int(get('nonstream-32', target).rps)} vs ${int(get('nonstream-32', 'floor').rps)})`,
        r >= bar,
      );
  }
  for (const target of GATEWAYS) {
    const g = get('nonstream-1', target);
    const d = get('nonstream-1', 'direct');
    if (g && d)
      add(
        `${label[target]}: p50 at 1 connection ≤ +1 ms over direct`,
        `${signed(g.p50 - d.p50)} ms (${fmt(g.p50)} vs ${fmt(d.p50)})`,
        g.p50 - d.p50 <= 1,
      );
    const gs = get('stream-1', target);
    const ds = get('stream-1', 'direct');
    if (gs && ds)
      add(
        `${label[target]}: stream time to first byte at 1 connection ≤ +1 ms over direct`,
        `${signed(gs.ttfbP50 - ds.ttfbP50)} ms (${fmt(gs.ttfbP50)} vs ${fmt(ds.ttfbP50)})`,
        gs.ttfbP50 - ds.ttfbP50 <= 1,
      );
  }
  for (const s of streams.filter((x) => GATEWAYS.includes(x.target))) {
    add(
      `${label[s.target]}: ${s.count} concurrent streams, peak RSS of a gateway process < ${RSS_LIMIT_MB} MB`,
      `${fmt(s.peakRssMb, 0)} MB (idle before: ${fmt(s.idleRssMb, 0)} MB)`,
      s.peakRssMb < RSS_LIMIT_MB,
    );
    add(
      `${label[s.target]}: ${s.count} concurrent streams all completed and settled`,
      `${s.ok} completed, ${s.logs} metadata rows, ${s.upstreamCalls} upstream calls`,
      s.ok === s.count && s.logs === s.count && s.upstreamCalls === s.count && s.ledger.clean,
    );
  }
  // Correctness, for every target and run.
  const all = Object.values(agg).flatMap((byTarget) => Object.entries(byTarget));
  const errors = all.reduce((s, [, a]) => s + a.errors, 0) + streams.reduce((s, x) => s + x.errors, 0);
  add('errors (non-2xx, socket errors, timeouts, streams without [DONE]), every run', String(errors), errors === 0);
  const calls = all.map(([, a]) => a.callsPerReq);
  const callsOk = calls.every((c) => Math.abs(c - 1) < 0.005) && streams.every((s) => s.upstreamCalls === s.count);
  add(
    'upstream calls per request, every run',
    calls.length ? `${fmt(Math.min(...calls))} – ${fmt(Math.max(...calls))}` : '—',
    callsOk,
  );
  const gatewayAggs = all.filter(([n]) => GATEWAYS.includes(n)).map(([, a]) => a);
  const ledgerOk =
    gatewayAggs.every((a) => a.ledgerClean && a.settled) &&
    streams.filter((s) => s.ledger).every((s) => s.ledger.clean);
  add(
    'ledger after each gateway run: Σ entries = balance, held = Σ holds, charged = Σ request costs',
    ledgerOk ? 'clean' : 'DRIFT (see raw numbers)',
    gatewayAggs.length || streams.some((x) => x.ledger) ? ledgerOk : undefined,
  );
  const cliOk = reconciled.every((r) => r.ok);
  add(
    '`credits:reconcile` at the end, each gateway database',
    reconciled.map((r) => `${r.target}: ${r.ok ? 'consistent' : 'DRIFT'}`).join(', ') || '—',
    reconciled.length ? cliOk : undefined,
  );
  const correct = errors === 0 && callsOk && ledgerOk && cliOk;

  const md = [];
  md.push('# Gateway benchmark');
  md.push('');
  md.push(`${run.startedAt.toISOString()} – ${run.finishedAt.toISOString()}, commit ${run.commit}; ${run.machine}.`);
  const o = run.options;
  md.push(
    `${o.rounds} round(s) × ${o.seconds} s per measurement; in each round every scenario visits every target in turn (order rotated per round). ` +
      `Connections: ${o.connections.join(', ')}.${o.nodeArgs.length ? ` Gateway node args: \`${o.nodeArgs.join(' ')}\`.` : ''}`,
  );
  md.push('');
  md.push('## Targets of the issue');
  md.push('');
  md.push(
    table(
      ['target', 'measured', 'verdict'],
      verdicts.map((v) => [v.what, v.value, mark(v.ok)]),
    ),
  );
  md.push('');
  md.push('## What ran');
  md.push('');
  md.push(
    table(
      ['target', 'what', 'processes measured', 'RSS after start (MB)'],
      run.targets.map((t) => [
        t.name,
        t.label,
        t.processes.join(', '),
        t.startRssMb ? t.startRssMb.map((x) => fmt(x, 0)).join(' + ') : '—',
      ]),
    ),
  );
  md.push('');
  md.push(
    `Every request: \`POST /chat/completions\` with \`${run.body}\` (streamed: \`"stream": true\`, 7 events + \`[DONE]\`).`,
  );

  for (const s of scenarios) {
    md.push('');
    md.push(`## ${s.title}`);
    md.push('');
    const header = ['target', 'req/s', '× floor', 'p50 ms', 'p99 ms', 'p50 over direct'];
    if (s.stream) header.push('TTFB p50 ms', 'TTFB p99 ms', 'TTFB p50 over direct');
    header.push('CPU ms/req', 'peak RSS MB', 'errors', 'upstream calls/req', 'settled', 'ledger');
    const d = get(s.id, 'direct');
    const rows = names
      .filter((n) => get(s.id, n))
      .map((n) => {
        const a = get(s.id, n);
        const r = ratio(s.id, n);
        const row = [
          label[n],
          `${int(a.rps)} (${a.rpsRounds.map((x) => int(x)).join(', ')})`,
          r === undefined ? '—' : `${fmt(r)}×`,
          fmt(a.p50),
          fmt(a.p99),
          n === 'direct' ? '—' : signed(a.p50 - d.p50),
        ];
        if (s.stream) row.push(fmt(a.ttfbP50), fmt(a.ttfbP99), n === 'direct' ? '—' : signed(a.ttfbP50 - d.ttfbP50));
        row.push(
          fmt(a.cpuMsPerReq, 3),
          n === 'cluster' ? `${fmt(a.peakRssMb, 0)} (Σ ${fmt(a.peakRssSumMb, 0)})` : fmt(a.peakRssMb, 0),
          String(a.errors),
          `${fmt(a.callsPerReq)} (${a.calls}/${a.sent})`,
          a.settled === undefined ? '—' : a.settled ? `yes (${a.logs} rows)` : 'NO',
          a.ledgerClean === undefined ? '—' : a.ledgerClean ? 'clean' : 'DRIFT',
        );
        return row;
      });
    md.push(table(header, rows));
  }

  if (streams.length > 0) {
    md.push('');
    md.push(`## ${streams[0].count} concurrent open streams (each about ${o.streamSeconds} s)`);
    md.push('');
    md.push(
      table(
        [
          'target',
          'completed',
          'errors',
          'wall s',
          'stream s p50 / max',
          'TTFB p50 / p99 ms',
          'RSS idle → peak MB',
          'CPU s',
          'upstream calls',
          'metadata rows',
          'ledger',
        ],
        streams.map((x) => [
          label[x.target],
          `${x.ok}/${x.count}`,
          String(x.errors),
          fmt(x.wallSeconds, 1),
          `${fmt(x.streamP50, 1)} / ${fmt(x.streamMax, 1)}`,
          `${fmt(x.ttfbP50, 1)} / ${fmt(x.ttfbP99, 1)}`,
          x.target === 'cluster'
            ? `${fmt(x.idleRssMb, 0)} → ${fmt(x.peakRssMb, 0)} per process (Σ ${fmt(x.idleRssSumMb, 0)} → ${fmt(x.peakRssSumMb, 0)})`
            : `${fmt(x.idleRssMb, 0)} → ${fmt(x.peakRssMb, 0)}`,
          fmt(x.cpuMs / 1000, 1),
          String(x.upstreamCalls),
          x.logs === undefined ? '—' : String(x.logs),
          x.ledger === undefined ? '—' : x.ledger.clean ? 'clean' : 'DRIFT',
        ]),
      ),
    );
  }

  if (reconciled.length > 0) {
    md.push('');
    md.push('## `credits:reconcile` at the end');
    md.push('');
    for (const r of reconciled)
      md.push(`- ${r.target}: ${r.ok ? 'exit 0' : 'FAILED'} — ${r.output.split('\n').slice(-3).join(' / ')}`);
  }

  md.push('');
  md.push('## How it is measured');
  md.push('');
  md.push(
    [
      '- Loopback only; the fake upstream answers at once. Non-streamed load: autocannon (closed loop, keep-alive), every 2xx response time kept (autocannon’s own percentiles are whole milliseconds). Streamed load: undici, closed loop; TTFB is the time to the first `data:` event, a stream counts only if it ends with `[DONE]`. Percentiles pool every request of every round; req/s = all 2xx responses / all measured time (per-round values in brackets).',
      '- Two instances: the client spreads requests itself (autocannon gives connection i the instance i mod 2; streamed requests alternate per request), so no balancer process adds a hop or CPU that would be counted as the gateway’s. At 1 connection, non-streamed requests therefore all reach instance 1.',
      '- CPU ms/req: utime + stime from `/proc/<pid>/stat` over the measurement, summed over the measured processes (the gateway’s instances and worker; for direct the fake, for the floor the proxy), divided by the requests answered. Peak RSS: VmRSS sampled every 100 ms (50 ms in the streams scenario), the largest single process (Σ: all of the target’s processes together).',
      '- Upstream calls/req: chat requests the fake counted during the run / requests the client sent (a request cut by the end of a run may have been forwarded or not). Settled: after each gateway run the bench waits until there are at least as many metadata rows as upstream calls and the ledger is clean, steady for two polls 100 ms apart (at most 30 s). Ledger: read in one transaction — balance = Σ ledger entries, held = Σ credit holds, and the balance has gone down by exactly Σ cost of the request metadata rows (nothing lost, nothing charged twice).',
      '- Each gateway set-up has its own database (SQLite in a temp DATA_DIR; a fresh MariaDB database `vc_bench_<random>_<kind>`, dropped at the end) and its own Redis key prefix (its keys deleted at the end).',
    ].join('\n'),
  );

  md.push('');
  md.push('## Raw numbers');
  md.push('');
  md.push(
    table(
      [
        'round',
        'scenario',
        'target',
        'sent',
        '2xx',
        'errors',
        's',
        'req/s',
        'p50',
        'p99',
        'TTFB p50',
        'TTFB p99',
        'CPU ms',
        'CPU ms/req',
        'peak RSS (Σ)',
        'upstream calls',
        'rows',
        'settle ms',
        'balance = Σ ledger',
        'held = Σ holds',
        'charged = Σ cost',
        'ledger entries',
        'load avg',
      ],
      results.map((r) => [
        String(r.round),
        r.scenario,
        r.target,
        String(r.sent),
        String(r.ok),
        String(r.errors),
        fmt(r.seconds),
        fmt(r.rps, 0),
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.ttfbP50),
        fmt(r.ttfbP99),
        fmt(r.cpuMs, 0),
        fmt(r.cpuMsPerReq, 3),
        `${fmt(r.peakRssMb, 0)} (${fmt(r.peakRssSumMb, 0)})`,
        String(r.upstreamCalls),
        r.logs === undefined ? '—' : String(r.logs),
        r.settleMs === undefined ? '—' : String(r.settleMs),
        r.ledger ? (r.ledger.balanceMatches ? 'yes' : 'NO') : '—',
        r.ledger ? (r.ledger.heldMatches ? 'yes' : 'NO') : '—',
        r.ledger ? `${r.ledger.chargedMatches ? 'yes' : 'NO'} (${r.ledger.charged})` : '—',
        r.ledgerEntries === undefined ? '—' : String(r.ledgerEntries),
        fmt(r.loadAvg, 1),
      ]),
    ),
  );
  md.push('');

  const strip = (r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_')));
  return {
    markdown: md.join('\n'),
    correct,
    json: { ...run, results: results.map(strip), aggregates: agg, verdicts, correct },
  };
}
