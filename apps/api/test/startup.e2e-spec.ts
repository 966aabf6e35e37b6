/**
 * `npm start` as a fresh clone runs it (from source here): the start-up lines say where the site and the API
 * are and, with no upstream provider, how to configure one; the log is JSON when a program reads it and
 * readable lines with LOG_FORMAT=pretty.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FROM_SOURCE_ARGS, REPO_ROOT, sourceProcessEnv } from './kit';

interface Started {
  output: string;
  port: number;
}

/** Starts main.ts until it has said it listens and that Nest started, then stops it. */
async function startAndStop(env: Record<string, string>): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'vc-startup-'));
  const child = spawn(process.execPath, [...FROM_SOURCE_ARGS, join(REPO_ROOT, 'apps/api/src/main.ts')], {
    cwd: REPO_ROOT,
    env: sourceProcessEnv({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const take = (d: Buffer) => {
        output += d.toString();
        if (/listening on/.test(output) && /Nest application successfully started/.test(output)) resolve();
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', (code) => reject(new Error(`main.ts exited (${code}) before it listened:\n${output}`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
  return { output, port: Number(/listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(output)?.[1]) };
}

describe('start-up', () => {
  it('says where the site is and, with no provider, how to configure one; logs JSON into a pipe', async () => {
    const { output, port } = await startAndStop({});
    expect(port).toBeGreaterThan(0);
    const lines = output.trimEnd().split('\n');
    expect(output).toMatch(
      new RegExp(
        `VIPCloud listening on http://127\\.0\\.0\\.1:${port} \\(SQLite in .*; 0 upstream provider\\(s\\) configured\\)\\n`,
      ),
    );
    expect(output).toContain(`Site: http://127.0.0.1:${port}/   API: http://127.0.0.1:${port}/v1`);
    expect(output).toMatch(
      /No upstream provider configured.*set DEEPSEEK_API_KEY \(and the other <PROVIDER>_API_KEY variables.*run `npm run demo`/,
    );
    // stdout is a pipe here, so every log line is JSON.
    const logs = lines.filter((l) => !/^(VIPCloud listening|Site: |No upstream provider)/.test(l));
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(output).toContain('"context":"RouterExplorer"');
  }, 60_000);

  it('writes readable lines with LOG_FORMAT=pretty, and no hint once a provider is configured', async () => {
    const { output } = await startAndStop({
      LOG_FORMAT: 'pretty',
      NO_COLOR: '1',
      DEEPSEEK_API_KEY: 'sk-unused',
      DEEPSEEK_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(output).toMatch(/1 upstream provider\(s\) configured/);
    expect(output).not.toContain('No upstream provider configured');
    expect(output).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: \[NestApplication\] Nest application successfully started$/m,
    );
    expect(output).not.toMatch(/^\{"level"/m);
    // Nest's line per module and route is left to the JSON log.
    expect(output).not.toContain('RouterExplorer');
  }, 60_000);
});
