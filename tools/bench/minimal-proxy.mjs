// The floor for any proxy: Node's http server piping to an undici keep-alive pool, no parsing, no auth,
// no logging. The benchmark runs it beside the gateway so the gateway's own cost can be told from the hop's.
// Usage: node minimal-proxy.mjs <upstream base URL> [port]   (prints "listening on <url>" once ready)
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('undici');
const [upstream, port = '0'] = process.argv.slice(2);
const origin = new URL(upstream).origin;
const basePath = new URL(upstream).pathname.replace(/\/$/, '');
const pool = new Pool(origin, { connections: 2048, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });

const server = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const up = await pool.request({
      path: `${basePath}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body: Buffer.concat(chunks),
    });
    res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] ?? 'application/json' });
    for await (const c of up.body) res.write(c);
    res.end();
  } catch {
    if (res.headersSent) res.destroy();
    else res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
