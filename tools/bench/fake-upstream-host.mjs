// The fake DeepSeek upstream in its own process, with a counter the benchmark reads over IPC: how many
// chat requests reached the upstream, so a run can show exactly one upstream call per client request.
// The fake records every request for the e2e tests; here only the count is kept, so a long run does not
// grow the fake's heap (which would slow the "direct" target down as the run goes on).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;
const { startFakeUpstream } = require(join(root, 'dist/tools/fake-upstream/src/index.js'));

const [apiKey = 'sk-bench'] = process.argv.slice(2);
const upstream = await startFakeUpstream({ flavor: 'deepseek', port: 0, apiKeys: [apiKey] });
let calls = 0;
// An own property shadows Array.prototype.push: the fake's `this.requests.push(...)` only counts.
Object.defineProperty(upstream.requests, 'push', { value: () => ++calls });

process.on('message', (msg) => {
  if (msg === 'calls') process.send({ calls, openStreams: upstream.openStreams });
});
process.on('disconnect', () => void upstream.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
process.stdout.write(`BASE_URL ${upstream.baseUrl}\n`);
