import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../support/gateway-harness';
import { eventually } from './polling';
import { FROM_SOURCE_ARGS, REPO_ROOT, sourceProcessEnv } from './source-process';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An API instance or a worker in a process of its own, so it can be signalled (and killed) for real. */
export interface AppProcess {
  readonly name: string;
  readonly proc: ChildProcess;
  /** The API's origin (`http://127.0.0.1:<port>`); empty for a worker. */
  readonly url: string;
  readonly port: number;
  /** Resolves once the API answers /readyz (the worker: once it says it started); rejects with its output if it exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<Exit>;
  /** The end of what it printed and logged, for failure messages. */
  output(): string;
  /** Its log, JSON lines (LOG_DESTINATION). */
  log(): string;
  signal(signal: NodeJS.Signals): void;
  /** Kills it if it still runs, then removes its output and log. */
  dispose(): Promise<void>;
}

/**
 * Starts `apps/api/src/main.ts` (or `worker.ts`) from source, as `npm start` runs the build: the whole process,
 * with its own signal handling. stdout/stderr go to a file (a pipe nobody drains could block it) and the IPC
 * channel makes it exit if the test process dies without its clean-up, instead of lingering as an orphan.
 */
export async function spawnAppProcess(
  entry: 'main' | 'worker',
  name: string,
  env: Record<string, string>,
): Promise<AppProcess> {
  const dir = mkdtempSync(join(tmpdir(), `vc-${name}-`));
  const outputFile = join(dir, 'output.log');
  const logFile = join(dir, 'app.log');
  const port = entry === 'main' ? await freePort() : 0;
  const fd = openSync(outputFile, 'a');
  const boot =
    "process.on('disconnect', () => process.exit(1)); " +
    `require(${JSON.stringify(join(REPO_ROOT, `apps/api/src/${entry}.ts`))});`;
  const proc = spawn(process.execPath, [...FROM_SOURCE_ARGS, '-e', boot], {
    cwd: REPO_ROOT,
    env: sourceProcessEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_DESTINATION: logFile,
    }),
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const url = entry === 'main' ? `http://127.0.0.1:${port}` : '';
  const output = (): string => `${read(outputFile).slice(-3000)}\n${read(logFile).slice(-3000)}`;
  const ready = eventually(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`it exited (${proc.exitCode ?? proc.signalCode})`);
    if (entry === 'worker') return read(outputFile).includes('VIPCloud worker started');
    const res = await fetch(`${url}/readyz`).catch(() => null);
    await res?.arrayBuffer();
    return res?.status === 200;
  }, 60_000).then(
    () => undefined,
    (err: unknown) => {
      throw new Error(`${name} did not start: ${err instanceof Error ? err.message : String(err)}\n${output()}`);
    },
  );
  // A failed start is reported by whoever awaits `ready`; this keeps it from being an unhandled rejection meanwhile.
  ready.catch(() => undefined);
  const signal = (sig: NodeJS.Signals): void => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
  };
  return {
    name,
    proc,
    url,
    port,
    ready,
    exited,
    output,
    log: () => read(logFile),
    signal,
    dispose: async () => {
      signal('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kills what is still running (clean-up, also after a failed test) and removes the processes' files. */
export async function disposeAll(processes: Array<AppProcess | null | undefined>): Promise<void> {
  await Promise.all(processes.map((p) => p?.dispose()));
}

/** Resolves once a new TCP connection to the port is refused: the process has closed its listening socket. */
export async function connectionsRefused(port: number): Promise<void> {
  await eventually(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
      }),
    10_000,
  );
}

/** A Redis server of the test's own (one FLUSHALL must not touch anything else on the shared one). */
export interface PrivateRedis {
  url: string;
  client: Redis;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vc-redis-'));
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const started = new Promise<never>((_, reject) =>
    proc.once('error', (err) => reject(new Error(`redis-server could not start (is it installed?): ${err.message}`))),
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.race([started, eventually(async () => (await client.ping().catch(() => null)) === 'PONG', 10_000)]);
  return {
    url,
    client,
    close: async () => {
      client.disconnect();
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
