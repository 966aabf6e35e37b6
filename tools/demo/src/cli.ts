/**
 * `npm run demo`: VIPCloud with local fake providers, a demo account with credits and a key, and a
 * request to copy; the portal signs in with a local stand-in for GitHub as the demo account. It builds
 * (like `npm start`), then runs the built API and operator CLI as child processes, the way an operator
 * would, in a data directory of its own (`data/demo`), so it never touches a real `./data`. Ctrl-C stops
 * everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startFakeOAuthProvider, type FakeOAuthProvider } from '@vipcloud/fake-oauth';
import { startFakeUpstream, type FakeFlavor, type FakeUpstream } from '@vipcloud/fake-upstream';
import {
  DEMO_CREDITS_KEY,
  DEMO_CREDITS_USD,
  DEMO_EMAIL,
  DEMO_GITHUB_USER,
  prepareDemoAccount,
  type CliRun,
  type DemoAccount,
} from './demo-account';
import { curlSnippet, javascriptSnippet, pythonSnippet } from './demo-snippets';

const USAGE = `Usage: npm run demo [-- --port <port>]

Starts VIPCloud on http://127.0.0.1:<port> with local fake providers (DeepSeek, Kimi, GLM, MiniMax),
a demo account (${DEMO_EMAIL}) with ${DEMO_CREDITS_USD} USD of credits and an API key, in data/demo,
and a local stand-in for GitHub that signs the portal (/signin) in as that account.

Options:
  --port <port>    where the API listens (default 3000; 0 picks a free port)
  --from-source    run the API and the CLI from the TypeScript sources instead of dist/ (no build needed)
  -h, --help       show this help
`;

/**
 * One fake per provider family the shipped catalog routes to, standing in for the provider each model
 * tries first: every catalog model then has a working route. The fake's key is what the API sends upstream.
 */
const FAKE_PROVIDERS: ReadonlyArray<{ flavor: FakeFlavor; env: string }> = [
  { flavor: 'deepseek', env: 'DEEPSEEK' },
  { flavor: 'moonshot', env: 'MOONSHOT' },
  { flavor: 'zhipu', env: 'ZAI' },
  { flavor: 'minimax', env: 'MINIMAX' },
];
const FAKE_PROVIDER_KEY = 'sk-demo';
/** The fakes remember every request for tests; a long demo should not. */
const FAKE_MEMORY_RESET_MS = 60_000;
/** The API's GitHub client at the stand-in for GitHub (its secret is new at every run). */
const FAKE_GITHUB_CLIENT_ID = 'vipcloud-demo';
/** What the children inherit: the shell's basics and the log settings. Everything else is set here. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'TERM', 'LANG', 'LC_ALL', 'SystemRoot', 'NO_COLOR'];
const INHERITED_LOG_SETTINGS = ['LOG_LEVEL', 'LOG_FORMAT', 'LOG_DESTINATION'];

interface Options {
  port: number;
  fromSource: boolean;
}

/** The command line broke a rule: the message names it. */
class UsageError extends Error {}

function readOptions(argv: string[]): Options | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '3000' },
        'from-source': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    // Unknown options, stray words, a missing value: node's message names the rule.
    throw new UsageError((err as Error).message);
  }
  if (values.help) return null;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new UsageError(`--port must be a port number from 0 to 65535, not "${values.port}".`);
  }
  return { port, fromSource: values['from-source'] };
}

/** The workspace root (where nx.json is), from dist/tools/demo/src or tools/demo/src. */
function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * A port free on loopback now, for `--port 0`: the API's public URL (where the provider sends the browser
 * back, on the same origin as its cookies) must be known before it starts.
 */
function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * The local stand-in for GitHub, and the API's settings that make it GitHub: its sign-in redirects
 * straight back (no consent page) as the demo account's identity.
 */
async function startFakeGitHub(): Promise<{ provider: FakeOAuthProvider; settings: Record<string, string> }> {
  const client = { clientId: FAKE_GITHUB_CLIENT_ID, clientSecret: randomBytes(24).toString('base64url') };
  const provider = await startFakeOAuthProvider({ clients: [client] });
  provider.setUser('github', DEMO_GITHUB_USER);
  const { authorizationURL, tokenURL, userProfileURL, userEmailURL } = provider.github;
  return {
    provider,
    settings: {
      GITHUB_CLIENT_ID: client.clientId,
      GITHUB_CLIENT_SECRET: client.clientSecret,
      GITHUB_AUTHORIZATION_URL: authorizationURL,
      GITHUB_TOKEN_URL: tokenURL,
      GITHUB_USER_PROFILE_URL: userProfileURL,
      GITHUB_USER_EMAIL_URL: userEmailURL,
    },
  };
}

/** How to start the API's entry points: the build's JavaScript, or the sources through @swc-node/register. */
function entryArgs(root: string, fromSource: boolean, entry: 'main' | 'cli'): string[] {
  return fromSource
    ? ['-r', '@swc-node/register', join(root, 'apps/api/src', `${entry}.ts`)]
    : [join(root, 'dist/apps/api/src', `${entry}.js`)];
}

function childEnv(root: string, settings: Record<string, string>, fromSource: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...INHERITED, ...INHERITED_LOG_SETTINGS]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const terminal = process.stdout.isTTY === true;
  // The API's output passes through this process (a pipe), so it would not see the terminal by itself.
  if (terminal && env['LOG_FORMAT'] === undefined) env['LOG_FORMAT'] = 'pretty';
  if (terminal && env['NO_COLOR'] === undefined) env['FORCE_COLOR'] = '1';
  if (fromSource) env['SWC_NODE_PROJECT'] = join(root, 'tsconfig.node.json');
  return { ...env, NODE_ENV: 'development', ...settings };
}

function runCli(root: string, options: Options, env: Record<string, string>): (args: string[]) => Promise<CliRun> {
  return (args) =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [...entryArgs(root, options.fromSource, 'cli'), ...args], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    });
}

/**
 * Starts the API and resolves with its origin once it listens. Its output is passed on as it comes.
 * It runs in its own process group: Ctrl-C reaches only this process, which then stops it once
 * (a second signal during its shutdown would cut the shutdown short).
 */
function startApi(
  root: string,
  options: Options,
  env: Record<string, string>,
): Promise<{ api: ChildProcess; origin: string }> {
  const api = spawn(process.execPath, entryArgs(root, options.fromSource, 'main'), {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  // Should this process end in any other way, the API still goes with it.
  process.once('exit', () => api.exitCode === null && api.kill('SIGTERM'));
  return new Promise((done, fail) => {
    const lines = createInterface({ input: api.stdout as NodeJS.ReadableStream });
    let origin: string | null = null;
    lines.on('line', (line) => {
      process.stdout.write(`${line}\n`);
      const listening = /listening on (http:\/\/\S+)/.exec(line);
      if (origin === null && listening) {
        origin = listening[1];
        done({ api, origin });
      }
    });
    api.once('exit', (code, signal) => {
      if (origin === null) fail(new Error(`The API stopped before it listened (${signal ?? `exit code ${code}`}).`));
    });
  });
}

async function listModels(baseUrl: string, apiKey: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/models`, { headers: { authorization: `Bearer ${apiKey}` } });
  const body = (await res.json()) as { data?: Array<{ id: string }> };
  if (res.status !== 200 || !body.data)
    throw new Error(`GET ${baseUrl}/models answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data.map((m) => m.id);
}

function banner(origin: string, account: DemoAccount, models: string[], github: FakeOAuthProvider): string {
  const baseUrl = `${origin}/v1`;
  const model = models.includes('deepseek-flash') ? 'deepseek-flash' : (models[0] ?? 'deepseek-flash');
  const endpoint = { baseUrl, apiKey: account.apiKey, model };
  const keyFile = relative(process.cwd(), account.keyFile) || account.keyFile;
  const dataDir = dirname(keyFile);
  return [
    '',
    `VIPCloud demo is running ${account.created ? '(new demo account)' : '(reusing the demo account of an earlier run)'}.`,
    '',
    `  Base URL   ${baseUrl}`,
    `  API key    ${account.apiKey}`,
    `             kept in ${keyFile} (mode 0600): a key is shown only once, so the demo stores it to reuse it`,
    `  Account    ${DEMO_EMAIL}`,
    `             ${DEMO_CREDITS_USD} USD of demo credits, granted once (credits:adjust with idempotency key ` +
      `${DEMO_CREDITS_KEY}): ${account.granted ? 'applied now' : 'applied on an earlier run'}`,
    `  Models     ${models.join(', ')}`,
    `             answered by local fake providers (no real provider is called)`,
    `  Site       ${origin}/`,
    `  Portal     ${origin}/signin`,
    `             "Continue with GitHub" signs you in as ${DEMO_EMAIL}, through a local stand-in for GitHub`,
    `             (${github.origin}; no GitHub account needed)`,
    '',
    'Try it with curl:',
    '',
    curlSnippet(endpoint),
    '',
    'JavaScript (npm install openai):',
    '',
    javascriptSnippet(endpoint),
    '',
    'Python (pip install openai):',
    '',
    pythonSnippet(endpoint),
    '',
    `The balance, with the operator CLI on the demo's data:`,
    `  DATA_DIR=${dataDir} npm run cli -- credits:balance --account ${DEMO_EMAIL}`,
    `Stop with Ctrl-C (it stops the API, the fake providers and the stand-in for GitHub). \`npm run demo\` again reuses the account,`,
    `its credits and its key; delete ${dataDir} to start afresh.`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  const root = workspaceRoot();
  // Relative to where `npm run` runs, the repository's root, like DATA_DIR's default ./data.
  const dataDir = resolve('data/demo');
  mkdirSync(dataDir, { recursive: true });

  const fakes: FakeUpstream[] = [];
  let github: FakeOAuthProvider | null = null;
  let api: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    stopping = true;
    if (api && api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((done) => api?.once('exit', done));
      api.kill('SIGTERM');
      await exited;
    }
    await Promise.all([...fakes.map((f) => f.close()), github?.close()]);
    if (code === 0) process.stdout.write('Stopped.\n');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stdout.write('\nStopping the demo (the API, then the fake providers)…\n');
      void stop(0);
    });
  }

  try {
    const port = options.port === 0 ? await freeLoopbackPort() : options.port;
    const settings: Record<string, string> = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      // Where the provider sends the browser back: the origin the visitor opened, so its cookies come along.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    for (const { flavor, env } of FAKE_PROVIDERS) {
      const fake = await startFakeUpstream({ flavor, apiKeys: [FAKE_PROVIDER_KEY] });
      fakes.push(fake);
      settings[`${env}_API_KEY`] = FAKE_PROVIDER_KEY;
      settings[`${env}_BASE_URL`] = fake.baseUrl;
    }
    // Not the stand-in for GitHub: a reset would forget its user, and a sign-in in progress with it.
    setInterval(() => fakes.forEach((f) => f.reset()), FAKE_MEMORY_RESET_MS).unref();
    const fakeGitHub = await startFakeGitHub();
    github = fakeGitHub.provider;
    Object.assign(settings, fakeGitHub.settings);
    const env = childEnv(root, settings, options.fromSource);

    process.stdout.write(`Preparing the demo account in ${relative(process.cwd(), dataDir) || dataDir}…\n`);
    const account = await prepareDemoAccount(runCli(root, options, env), dataDir);
    const started = await startApi(root, options, env);
    api = started.api;
    api.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`The API stopped (${signal ?? `exit code ${code}`}); stopping the demo.\n`);
      void stop(1);
    });
    const models = await listModels(`${started.origin}/v1`, account.apiKey);
    process.stdout.write(banner(started.origin, account, models, fakeGitHub.provider));
    process.stdout.write('Press Ctrl-C to stop.\n');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message}\n`);
    if (options.port !== 0 && message.startsWith('The API stopped before it listened')) {
      process.stderr.write(`(If port ${options.port} is taken, choose another: npm run demo -- --port 3001)\n`);
    }
    await stop(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof UsageError) process.stderr.write('Run `npm run demo -- --help` for the options.\n');
  process.exit(1);
});
