// Load generators. Non-streamed requests go through autocannon (its own lean HTTP client, so the client is
// rarely the bottleneck); streamed ones through undici, which lets us time the first event of each stream
// and check that every stream ends with [DONE]. With several base URLs (two gateway instances), requests
// are spread round-robin by the client itself, so no balancer's cost lands on the gateway's numbers.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { Pool } = require('undici');

export function chatBody(stream, directives = '[[fake:reply=a short steady answer]] [[fake:chunks=5]]') {
  return JSON.stringify({
    model: 'deepseek-flash',
    stream,
    messages: [{ role: 'user', content: `Benchmark ${directives}` }],
  });
}

const headers = (key) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

/**
 * Closed-loop non-streamed load. With `amount` (what the target answers in about the measurement's length,
 * estimated from its previous run), autocannon sends exactly that many requests and waits for every answer,
 * so no request is cut off at the end and "upstream calls per request" is exact; otherwise it runs for
 * `seconds`. autocannon gives connection i the URL i mod n.
 */
export async function nonStreamLoad({ urls, key, connections, seconds, amount }) {
  // autocannon's own percentiles come from an integer-millisecond histogram, too coarse for sub-millisecond
  // differences: every 2xx response time is kept here instead (a float in ms), and the run's length is
  // taken from its own clock (autocannon notices the last answer only at its next sampling tick).
  const latencies = [];
  const t0 = performance.now();
  let last = t0;
  const r = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: urls.map((u) => `${u}/chat/completions`),
        method: 'POST',
        connections,
        ...(amount ? { amount: Math.max(amount, connections * 20) } : { duration: seconds }),
        sampleInt: 100,
        headers: headers(key),
        body: chatBody(false),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      last = performance.now();
      if (status >= 200 && status < 300) latencies.push(ms);
    });
    // A run that cannot finish its amount (a target that stopped answering) still ends.
    if (amount) setTimeout(() => instance.stop(), Math.max(30, seconds * 6) * 1000).unref();
  });
  const ok = r['2xx'];
  const elapsed = amount ? (last - t0) / 1000 : r.duration;
  return {
    sent: r.requests.sent,
    ok,
    // With an amount, a request sent and never answered is an error too (a socket error is counted once).
    errors:
      r.non2xx +
      (amount ? Math.max(r.errors + r.timeouts, r.requests.sent - r['2xx'] - r.non2xx) : r.errors + r.timeouts),
    seconds: elapsed,
    rps: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ttfb: [],
    latencies,
  };
}

/** One streamed request: time to the first SSE event, time to the end, and whether it ended with [DONE]. */
async function oneStream(pool, path, key, body) {
  const t0 = performance.now();
  const res = await pool.request({ path, method: 'POST', headers: headers(key), body });
  let ttfb;
  let tail = '';
  for await (const chunk of res.body) {
    if (ttfb === undefined && chunk.includes('data:')) ttfb = performance.now() - t0;
    tail = (tail + chunk.toString('latin1')).slice(-64);
  }
  const ok = res.statusCode === 200 && ttfb !== undefined && tail.includes('[DONE]');
  return { ok, ttfb, latency: performance.now() - t0 };
}

function pools(urls, connections) {
  return urls.map((u) => {
    const url = new URL(u);
    return {
      pool: new Pool(url.origin, {
        connections: Math.max(1, Math.ceil(connections / urls.length)),
        keepAliveTimeout: 60_000,
        headersTimeout: 0,
        bodyTimeout: 0,
      }),
      path: `${url.pathname.replace(/\/$/, '')}/chat/completions`,
    };
  });
}

/** Closed-loop streamed load: `connections` loops for `seconds`, each request to the next URL in turn. */
export async function streamLoad({ urls, key, connections, seconds, body = chatBody(true) }) {
  const targets = pools(urls, connections);
  const ttfb = [];
  const latencies = [];
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t = targets[next++ % targets.length];
      sent++;
      try {
        const r = await oneStream(t.pool, t.path, key, body);
        if (r.ok) {
          ok++;
          ttfb.push(r.ttfb);
          latencies.push(r.latency);
        } else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  await Promise.all(targets.map((t) => t.pool.close()));
  return {
    sent,
    ok,
    errors,
    seconds: elapsed,
    rps: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ttfb,
    latencies,
  };
}

/** `count` slow streams opened at once; resolves when every one has ended. */
export async function openStreams({ urls, key, count, directives }) {
  const targets = pools(urls, count);
  const body = chatBody(true, directives);
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const t = targets[i % targets.length];
      return oneStream(t.pool, t.path, key, body).catch(() => ({ ok: false }));
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  await Promise.all(targets.map((t) => t.pool.close()));
  const done = results.filter((r) => r.ok);
  return {
    sent: count,
    ok: done.length,
    errors: count - done.length,
    wallSeconds: wall,
    ttfb: done.map((r) => r.ttfb),
    latencies: done.map((r) => r.latency),
  };
}

export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
