// The floor for any proxy: Node's http server piping to undici, no parsing, no auth, no logging.
// The benchmark runs it beside the gateway so the gateway's own cost can be told from the hop's.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Agent } = require('undici');
const [upstream, port] = process.argv.slice(2);
const origin = new URL(upstream).origin;
const basePath = new URL(upstream).pathname.replace(/\/$/, '');
const agent = new Agent({ keepAliveTimeout: 30_000 });

http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const up = await agent.request({
      origin,
      path: `${basePath}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body: Buffer.concat(chunks),
    });
    res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] ?? 'application/json' });
    for await (const c of up.body) res.write(c);
    res.end();
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
