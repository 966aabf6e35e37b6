/**
 * The README's quick start, run as a newcomer would: every shell block marked `<!-- quick-start -->`, in
 * order, in a fresh directory, on loopback ports. npm and node's `dist/` paths are bash functions that run
 * the same programs from the TypeScript sources (no build, as the other CLI tests do); every other command
 * (curl, the shell's own) runs as written. The demo's printed curl, JavaScript and Python snippets are run too,
 * Ctrl-C is sent as a terminal sends it (to the foreground process group), and a second `npm run demo`
 * must reuse the account, its credits and its key. The portal address it prints signs in with its stand-in
 * for GitHub, as the demo account, in both runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_MODEL_CATALOG } from '@vipcloud/gateway';
import { AppConfig } from '@vipcloud/platform';
import { runCli } from '../src/cli.runner';
import { REPO_ROOT, sourceProcessEnv } from './kit';

const FAKE_ANSWER = 'Hello from the fake deepseek upstream.';
const STEP_TIMEOUT_MS = 150_000;
const SWC_REGISTER = require.resolve('@swc-node/register');

/**
 * Stand-ins for `npm` and `node dist/…`: the same entry points, from the sources. `curl` also prints the
 * status on a line of its own, so the test sees the HTTP status of exactly the command the README shows.
 */
const PRELUDE = String.raw`
set -eo pipefail
from_source() { command node -r "$SWC_REGISTER" "$REPO_ROOT/$1" "${'$'}{@:2}"; }
npm() {
  case "$1" in
    install) echo "(npm install: done already)" ;;
    start) from_source apps/api/src/main.ts ;;
    run)
      shift
      if [ "$1" = "--silent" ]; then shift; fi
      local script="$1"; shift
      if [ "$1" = "--" ]; then shift; fi
      case "$script" in
        build) echo "(npm run build: the sources run as they are)" ;;
        demo) from_source tools/demo/src/cli.ts --from-source --port "$DEMO_PORT" "$@" ;;
        cli) from_source apps/api/src/cli.ts "$@" ;;
        fake-upstream) from_source tools/fake-upstream/src/cli.ts "$@" ;;
        *) echo "npm run $script: unknown to the quick-start test" >&2; return 1 ;;
      esac ;;
    *) echo "npm $1: unknown to the quick-start test" >&2; return 1 ;;
  esac
}
node() {
  case "$1" in
    dist/*.js) local source="${'$'}{1#dist/}"; from_source "${'$'}{source%.js}.ts" "${'$'}{@:2}" ;;
    *) command node "$@" ;;
  esac
}
curl() { command curl -sS -w '\nHTTP %{http_code}\n' "$@"; }
`;

/** The shell blocks that follow a `<!-- quick-start … -->` comment, in order. */
function quickStartBlocks(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/<!-- quick-start[^>]*-->\s*\n```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  return blocks;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A bash running one block, in its own process group (as a terminal's foreground job is). */
class Shell {
  private text = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Resolves once every process of the group has let go of the output. */
  private readonly closed: Promise<void>;
  private readonly listeners = new Set<() => void>();

  constructor(script: string, cwd: string, env: Record<string, string>) {
    this.child = spawn('bash', ['-c', `${PRELUDE}\n${script}`], {
      cwd,
      env: sourceProcessEnv({ REPO_ROOT, SWC_REGISTER, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const take = (d: Buffer) => {
      this.text += d.toString();
      this.listeners.forEach((l) => l());
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.closed = new Promise((resolve) => this.child.once('close', () => resolve()));
    void this.exited.then(() => this.listeners.forEach((l) => l()));
  }

  get output(): string {
    return this.text;
  }

  /** Waits for the output to match, failing if the shell ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.text);
        if (match) {
          this.listeners.delete(check);
          resolve(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.listeners.delete(check);
          reject(
            new Error(
              `The shell ended (${this.child.exitCode ?? this.child.signalCode}) before ${pattern}:\n${this.text}`,
            ),
          );
        }
      };
      this.listeners.add(check);
      check();
    });
  }

  /** What a terminal does on Ctrl-C: SIGINT to every process of the foreground group. */
  interrupt(): void {
    process.kill(-(this.child.pid as number), 'SIGINT');
  }

  /** Waits for the script's end, then stops what it left in the background (its own group only). */
  async finish(): Promise<number | null> {
    const code = await this.exited;
    try {
      process.kill(-(this.child.pid as number), 'SIGTERM');
    } catch {
      // Nothing was left running.
    }
    await this.closed;
    return code;
  }
}

/** The body printed just before curl's `HTTP <status>` line, and the status. */
function lastResponse(output: string): { status: number; body: { choices?: Array<{ message: { content: string } }> } } {
  const lines = output.trimEnd().split('\n');
  const statusLine = lines.findLastIndex((l) => /^HTTP \d{3}$/.test(l));
  expect(statusLine).toBeGreaterThan(0);
  return { status: Number(lines[statusLine].slice(5)), body: JSON.parse(lines[statusLine - 1]) };
}

function expectAnswer(output: string): void {
  const { status, body } = lastResponse(output);
  expect({ status, content: body.choices?.[0]?.message.content }).toEqual({ status: 200, content: FAKE_ANSWER });
}

/** The text between two headings of the demo's banner. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  return text.slice(from + start.length, to).trim();
}

/**
 * What a browser does after "Continue with GitHub": follows each redirect (to the stand-in for GitHub and
 * back), keeping the API's cookies, until it lands on a page of the site. Then asks who is signed in.
 */
async function signInWithGitHub(origin: string): Promise<{ landed: string; email: unknown }> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const sameOrigin = new URL(url).origin === origin;
    const jar = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(sameOrigin && jar ? { cookie: jar } : {}) },
    });
    if (sameOrigin) {
      for (const c of res.headers.getSetCookie()) {
        const [name, value] = (c.split(';')[0] ?? '').split('=');
        if (value) cookies.set(name, value);
        else cookies.delete(name);
      }
    }
    return res;
  };
  let url = `${origin}/auth/github`;
  const hops: string[] = [];
  // The API's start, the provider's authorization, the API's callback: then a site page.
  while (new URL(url).origin !== origin || new URL(url).pathname.startsWith('/auth/')) {
    expect(hops.length).toBeLessThan(5);
    const res = await send(url);
    expect({ url, status: res.status }).toEqual({ url, status: 302 });
    hops.push(url);
    url = new URL(res.headers.get('location') as string, url).toString();
  }
  expect(hops.some((h) => new URL(h).origin !== origin)).toBe(true);
  const me = await send(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { email } }' }),
  });
  const body = (await me.json()) as { data?: { me?: { email?: string } | null } };
  return { landed: url, email: body.data?.me?.email };
}

/** A stand-in for Python's `openai` package (not installed here) with the same call shape, over real HTTP. */
const PYTHON_OPENAI_STUB = `
import json, urllib.request
from types import SimpleNamespace

class _Completions:
    def __init__(self, client):
        self._client = client

    def create(self, **body):
        request = urllib.request.Request(
            self._client.base_url + "/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self._client.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read(), object_hook=lambda d: SimpleNamespace(**d))

class OpenAI:
    def __init__(self, api_key, base_url):
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.chat = SimpleNamespace(completions=_Completions(self))
`;

describe('README quick start, as a newcomer runs it', () => {
  const blocks = quickStartBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  const [demoBlock, requestBlock, ...byHandBlocks] = blocks;
  let dir: string;
  let demo: Shell | null = null;
  let port = 0;
  let printed = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vc-quickstart-'));
  });
  afterAll(async () => {
    if (demo) {
      demo.interrupt();
      await demo.finish();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** The demo account's balance, read with the operator CLI (in-process) from the demo's data directory. */
  async function balance(): Promise<string> {
    const out: string[] = [];
    const config = new AppConfig({ DATA_DIR: join(dir, 'data/demo'), LOG_LEVEL: 'silent' });
    expect(await runCli(['credits:balance', '--account', 'demo@example.com'], config, (l) => out.push(l))).toBe(0);
    return out.join('\n');
  }

  function startDemo(): Shell {
    expect(demoBlock.trim().split('\n')).toEqual(['npm install', 'npm run demo']);
    return new Shell(demoBlock, dir, { DEMO_PORT: '0' });
  }

  async function runBlock(script: string, env: Record<string, string> = {}): Promise<string> {
    const shell = new Shell(script, dir, env);
    const code = await shell.finish();
    expect({ code, output: shell.output }).toEqual({ code: 0, output: expect.any(String) });
    return shell.output;
  }

  it(
    'npm run demo starts the API with fake providers, a funded account and a key, and prints how to use them',
    async () => {
      demo = startDemo();
      await demo.waitFor(/Press Ctrl-C to stop\.\n/);
      printed = demo.output;
      port = Number(/Base URL +http:\/\/127\.0\.0\.1:(\d+)\/v1\n/.exec(printed)?.[1]);
      expect(port).toBeGreaterThan(0);
      const key = /API key +(vc-\S+)\n/.exec(printed)?.[1] as string;
      const keyFile = join(dir, 'data/demo/demo-api-key');
      expect(readFileSync(keyFile, 'utf8')).toBe(`${key}\n`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(printed).toMatch(/granted once .*: applied now\n/);
      expect(await balance()).toBe('10.000000 USD');
      // Every model of the shipped catalog has a working route to one of the fakes.
      const models = /Models +(.+)\n/.exec(printed)?.[1].split(', ');
      expect(models?.sort()).toEqual(BUNDLED_MODEL_CATALOG.models.map((m) => m.id).sort());
    },
    STEP_TIMEOUT_MS,
  );

  it('the portal it printed signs in with the stand-in for GitHub, as the demo account', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect(printed).toContain(`Portal     ${origin}/signin\n`);
    expect(await signInWithGitHub(origin)).toEqual({ landed: `${origin}/portal`, email: 'demo@example.com' });
  });

  it('the README request and the curl the demo printed are answered', async () => {
    expectAnswer(await runBlock(requestBlock.replace(/\b3000\b/g, String(port))));
    const curl = between(printed, 'Try it with curl:', 'JavaScript (npm install openai):');
    expect(curl).toContain(`http://127.0.0.1:${port}/v1/chat/completions`);
    expectAnswer(await runBlock(curl));
  });

  it('the JavaScript snippet it printed runs with the openai SDK', () => {
    const project = join(dir, 'js');
    mkdirSync(project);
    // Node finds 'openai' in the nearest node_modules above the file, as in the reader's own project.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    writeFileSync(
      join(project, 'snippet.mjs'),
      between(printed, 'JavaScript (npm install openai):', 'Python (pip install openai):'),
    );
    const run = spawnSync(process.execPath, ['snippet.mjs'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${FAKE_ANSWER}\n`,
      stderr: '',
    });
  });

  it('the Python snippet it printed runs (against a stand-in for the openai package)', () => {
    const project = join(dir, 'py');
    mkdirSync(join(project, 'openai'), { recursive: true });
    writeFileSync(join(project, 'openai', '__init__.py'), PYTHON_OPENAI_STUB);
    writeFileSync(
      join(project, 'snippet.py'),
      between(printed, 'Python (pip install openai):', 'The balance, with the operator CLI'),
    );
    const run = spawnSync('python3', ['snippet.py'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${FAKE_ANSWER}\n`,
      stderr: '',
    });
  });

  it(
    'Ctrl-C stops everything it started, and a second npm run demo reuses the account, credits and key',
    async () => {
      const first = demo as Shell;
      first.interrupt();
      expect(await first.finish()).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      const key = /API key +(vc-\S+)\n/.exec(printed)?.[1];

      demo = startDemo();
      await demo.waitFor(/Press Ctrl-C to stop\.\n/);
      const again = demo.output;
      expect(again).toContain('reusing the demo account of an earlier run');
      expect(/API key +(vc-\S+)\n/.exec(again)?.[1]).toBe(key);
      // Not granted twice: the balance is what the first run's requests left of the one grant.
      expect(again).toMatch(/: applied on an earlier run\n/);
      const left = Number((await balance()).replace(' USD', ''));
      expect(left).toBeGreaterThan(9);
      expect(left).toBeLessThanOrEqual(10);
      expectAnswer(await runBlock(between(again, 'Try it with curl:', 'JavaScript (npm install openai):')));
      const origin = /Portal +(http:\/\/127\.0\.0\.1:\d+)\/signin\n/.exec(again)?.[1] as string;
      expect(await signInWithGitHub(origin)).toEqual({ landed: `${origin}/portal`, email: 'demo@example.com' });
      demo.interrupt();
      expect(await demo.finish()).toBe(0);
      demo = null;
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the steps by hand (fake upstream, API, account, credits, key, request) end in an answer',
    async () => {
      expect(byHandBlocks.length).toBeGreaterThan(0);
      const [apiPort, fakePort] = [await freePort(), await freePort()];
      for (const block of byHandBlocks) {
        const script = block.replace(/\b3000\b/g, String(apiPort)).replace(/\b4010\b/g, String(fakePort));
        // A separate data directory from the demo's, and the API on loopback at the port the request uses.
        const output = await runBlock(script, { PORT: String(apiPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
        expectAnswer(output);
      }
    },
    STEP_TIMEOUT_MS,
  );
});
