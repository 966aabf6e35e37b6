/**
 * The operator CLI, against a real database in each mode: keys are shown once and stored hashed;
 * help, broken rules and exit codes; the CLI context starts no timer, server or queue consumer.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AppConfig, BullMqJobQueue, ConfigError, JobQueue, JobScheduler } from '@vipcloud/platform';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@vipcloud/platform';
import { AppModule } from '../src/app.module';
import { bootCli, cliMain, CliIo, commandSynopsis, runCli } from '../src/cli.runner';
import { SCHEMA } from '../src/schema';
import {
  createMysqlDatabase,
  defaultLegalManifestPath,
  FROM_SOURCE_ARGS,
  MODES,
  REPO_ROOT as ROOT,
  sourceProcessEnv,
} from './kit';
// The services' addresses live in the plain-JS file the global setup also reads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('./support/services.js') as { redisUrl(): string };

/** Everything one run of the CLI wrote, as written. */
interface Run {
  code: number;
  out: string[];
  err: string[];
}

describe.each(MODES)('operator CLI (%s)', (mode) => {
  let config: AppConfig;
  let cleanup: () => Promise<void>;

  let env: Record<string, string>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-cli-'));
    if (mode === 'sqlite') {
      env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createMysqlDatabase();
      env = { DATA_DIR: dir, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
      cleanup = async () => {
        await db.drop();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    config = new AppConfig(env);
  });
  afterAll(() => cleanup());

  async function cli(...argv: string[]): Promise<string[]> {
    const out: string[] = [];
    await runCli(argv, config, (l) => out.push(l));
    return out;
  }

  it('creates an account and a key, lists and revokes it', async () => {
    const [created] = await cli('accounts:create', '--email', 'Ops@Example.com');
    expect(created).toMatch(/^account [0-9a-f-]{36} ops@example\.com$/);
    expect((await cli('accounts:list')).join('\n')).toContain('ops@example.com');

    const keyOut = await cli('keys:create', '--account', 'ops@example.com', '--name', 'ci');
    const secret = keyOut[keyOut.length - 1];
    expect(secret).toMatch(/^vc-[0-9A-Za-z]{48}$/);
    const prefix = secret.slice(0, 11);
    const listed = (await cli('keys:list', '--account', 'ops@example.com')).join('\n');
    expect(listed).toContain(`${prefix}…`);
    expect(listed).not.toContain(secret);

    const ds = new DataSource(buildDataSourceOptions(config, SCHEMA));
    await ds.initialize();
    const rows: Array<{ key_hash: string }> = await ds.query('SELECT key_hash FROM api_keys');
    await ds.destroy();
    expect(rows.map((r) => r.key_hash)).toEqual([createHash('sha256').update(secret).digest('hex')]);

    expect((await cli('keys:revoke', prefix))[0]).toContain('revoked');

    await cli(
      'keys:create',
      '--account',
      'ops@example.com',
      '--expires',
      '2099-01-01T00:00:00Z',
      '--models',
      'deepseek-flash, kimi-k3',
    );
    expect((await cli('keys:list')).join('\n')).toMatch(/expires 2099-01-01T00:00:00.000Z\tdeepseek-flash,kimi-k3/);
    await expect(cli('keys:create', '--account', 'ops@example.com', '--expires', 'soon')).rejects.toThrow(/not a date/);
    expect((await cli('keys:list')).join('\n')).toMatch(/\trevoked /);
  });

  it('shows and sets an account’s rate limits, keeping options left out, and resets them', async () => {
    await cli('accounts:create', '--email', 'limits@example.com');
    expect(await cli('limits:show', '--account', 'limits@example.com')).toEqual([
      'per key: 3000 requests/min, 20000000 tokens/min, 100 concurrent streams',
      'per account: 6000 requests/min, 40000000 tokens/min, 200 concurrent streams',
      'the defaults',
    ]);
    await cli('limits:set', '--account', 'limits@example.com', '--key-rpm', '10', '--account-streams', '0');
    await cli('limits:set', '--account', 'limits@example.com', '--key-tpm', '5000');
    expect(await cli('limits:show', '--account', 'limits@example.com')).toEqual([
      'per key: 10 requests/min, 5000 tokens/min, 100 concurrent streams',
      'per account: 6000 requests/min, 40000000 tokens/min, unlimited concurrent streams',
      'set by support (fields not set keep the defaults)',
    ]);
    await expect(cli('limits:set', '--account', 'limits@example.com', '--key-rpm', 'lots')).rejects.toThrow(
      /not a limit/,
    );
    await cli('limits:set', '--account', 'limits@example.com', '--reset');
    expect((await cli('limits:show', '--account', 'limits@example.com'))[2]).toBe('the defaults');
  });

  it('promotes a user to a role, and refuses an unknown role', async () => {
    expect((await cli('users:promote', '--email', 'ops@example.com', '--role', 'admin'))[0]).toMatch(/is now admin$/);
    expect((await cli('accounts:list')).join('\n')).toMatch(/ops@example\.com\tactive\tadmin/);
    await expect(cli('users:promote', '--email', 'ops@example.com', '--role', 'root')).rejects.toThrow(
      /must be one of user, support, admin/,
    );
  });

  it('links a provider identity to an account once, and never moves it to another', async () => {
    const link = (account: string, provider: string, subject: string) =>
      cli('identities:link', '--account', account, '--provider', provider, '--subject', subject);
    await cli('accounts:create', '--email', 'linked@example.com');
    expect(await link('linked@example.com', 'github', '424242')).toEqual([
      expect.stringMatching(/^github identity 424242 linked to account [0-9a-f-]{36} linked@example\.com$/),
    ]);
    expect((await link('Linked@Example.com', 'github', '424242'))[0]).toMatch(/^github identity 424242 already linked/);
    await expect(link('ops@example.com', 'github', '424242')).rejects.toThrow(/linked to another account/);
    await expect(link('linked@example.com', 'github', 'octocat')).rejects.toThrow(/numeric id/);
    await expect(link('linked@example.com', 'gitlab', '1')).rejects.toThrow(/must be one of github, google/);
    await expect(link('nobody@example.com', 'google', '1098765')).rejects.toThrow(/No account matches/);

    const ds = new DataSource(buildDataSourceOptions(config, SCHEMA));
    await ds.initialize();
    const rows: Array<{ provider: string; subject: string; email: string }> = await ds.query(
      'SELECT i.provider, i.subject, a.email FROM oauth_identities i JOIN accounts a ON a.id = i.account_id',
    );
    await ds.destroy();
    expect(rows).toEqual([{ provider: 'github', subject: '424242', email: 'linked@example.com' }]);
  });

  it('needs the legal manifest for the legal commands only', async () => {
    const noSite = new AppConfig({ ...env, LEGAL_MANIFEST_PATH: join(tmpdir(), 'vc-no-site', 'legal-manifest.json') });
    expect(await runCli(['accounts:list'], noSite, () => undefined)).toBe(0);
    await expect(runCli(['legal:versions'], noSite, () => undefined)).rejects.toThrow(
      /legal-manifest\.json does not exist: build the site first: npm run build/,
    );
    const out: string[] = [];
    const withSite = new AppConfig({ ...env, LEGAL_MANIFEST_PATH: defaultLegalManifestPath() });
    expect(await runCli(['legal:versions'], withSite, (l) => out.push(l))).toBe(0);
    expect(out).toEqual([
      'privacy\t2026-04-26\teffective 2026-04-26\tnot material, current\tFirst published version.',
      'terms\t2026-04-26\teffective 2026-04-26\tnot material, current\tFirst published version.',
    ]);
    expect(await runCli(['legal:announce'], withSite, (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe('no material version in effect');
  });

  it('refuses a duplicate account and an unknown key with a clear error', async () => {
    await expect(cli('accounts:create', '--email', 'ops@example.com')).rejects.toThrow(/already exists/);
    await expect(cli('keys:revoke', 'vc-nothing')).rejects.toThrow(/No API key matches/);
    await expect(cli('accounts:create', '--email', 'not-an-email')).rejects.toThrow(/valid email/);
  });

  /** The process entry, in-process: every write is kept as written. */
  async function main(...argv: string[]): Promise<Run> {
    const run: Run = { code: -1, out: [], err: [] };
    const io: CliIo = { stdout: (t) => run.out.push(t), stderr: (t) => run.err.push(t) };
    run.code = await cliMain(argv, () => config, io);
    return run;
  }

  function expectWholeLines(run: Run): void {
    for (const chunk of [...run.out, ...run.err]) expect(chunk).toMatch(/\n$/);
    // A broken rule or a refusal is one plain message, never a stack trace.
    expect(run.err.join('')).not.toMatch(/\n\s+at /);
  }

  it('lists every command with its options and descriptions in --help, and each command has its own --help', async () => {
    const booted = await bootCli(config, { stdout: () => undefined, stderr: () => undefined });
    const commands = booted.program.commands.map((c) => ({
      name: c.name(),
      synopsis: commandSynopsis(c),
      description: c.description(),
      options: c.options.map((o) => [o.flags, o.description ?? '']),
    }));
    await booted.app.close();
    expect(commands.map((c) => c.name).sort()).toEqual([
      'accounts:create',
      'accounts:list',
      'accounts:reactivate',
      'accounts:suspend',
      'billing:purge-expired',
      'billing:purge-request-detail',
      'credits:adjust',
      'credits:balance',
      'credits:reconcile',
      'credits:release-stale-holds',
      'identities:link',
      'keys:create',
      'keys:list',
      'keys:revoke',
      'legal:announce',
      'legal:versions',
      'limits:set',
      'limits:show',
      'packs:create',
      'packs:list',
      'packs:update',
      'payments:backfill',
      'prices:list',
      'prices:set',
      'purchases:list',
      'purchases:refund',
      'requests:purge-expired',
      'sessions:purge-ended',
      'tokens:reencrypt',
      'users:promote',
    ]);

    const help = await main('--help');
    expect(help.code).toBe(0);
    expect(help.err).toEqual([]);
    expectWholeLines(help);
    const text = help.out.join('');
    expect(text).toMatch(/^Usage: vipcloud <command> \[options\]\n/);
    for (const c of commands) {
      expect(c.description).not.toBe('');
      expect(text).toContain(`  ${c.synopsis}\n      ${c.description}\n`);
      for (const [flags, description] of c.options) {
        expect(description).not.toBe('');
        expect(text).toMatch(
          new RegExp(`\\n {8}${flags.replace(/[|[\]]/g, '\\$&')} +${description.replace(/[()*.]/g, '\\$&')}`),
        );
      }
    }
    expect(text).toContain('<id-or-prefix>  the key id or its displayed prefix');
    expect(text).toMatch(/\n {8}--name <name> +a label for the key \(default: "default"\)\n/);

    for (const c of commands) {
      const own = await main(c.name, '--help');
      expect(own.code).toBe(0);
      expectWholeLines(own);
      const ownText = own.out.join('');
      // A command without arguments or options keeps commander's "[options]" (there is --help).
      const usage = c.synopsis === c.name ? `${c.name} [options]` : c.synopsis;
      expect(ownText.startsWith(`Usage: vipcloud ${usage}\n`)).toBe(true);
      // Commander wraps long descriptions at 80 columns.
      expect(ownText.replace(/\s+/g, ' ')).toContain(c.description);
      for (const [flags] of c.options) expect(ownText).toContain(flags);
    }
  }, 120_000);

  it.each([
    { argv: [], rule: /^Usage: vipcloud <command>/, help: true },
    { argv: ['acounts:list'], rule: /^error: unknown command 'acounts:list'\n\(Did you mean accounts:list\?\)\n/ },
    { argv: ['accounts:create'], rule: /^error: required option '--email <email>' not specified\n/ },
    { argv: ['accounts:list', '--verbose'], rule: /^error: unknown option '--verbose'\n/ },
    { argv: ['accounts:list', 'everyone'], rule: /^error: too many arguments for 'accounts:list'/ },
    { argv: ['keys:revoke'], rule: /^error: missing required argument 'id-or-prefix'\n/ },
    {
      argv: ['keys:create', '--account', 'a@example.com', '--expires', '31/01/2027'],
      rule: /'31\/01\/2027' is not a date; use ISO 8601/,
    },
    {
      argv: ['users:promote', '--email', 'a@example.com', '--role', 'root'],
      rule: /^error: option '--role <role>' argument 'root' is invalid\. The role must be one of user, support, admin\.\n/,
    },
    {
      argv: ['packs:update', '--id', 'p1', '--active', 'maybe'],
      rule: /argument 'maybe' is invalid\. The value must be one of yes, no\./,
    },
    {
      argv: [
        'credits:adjust',
        '--account',
        'a@example.com',
        '--amount',
        '1.2345678',
        '--reason',
        'r',
        '--idempotency-key',
        'k-12345678',
      ],
      rule: /argument '1\.2345678' is invalid\. '1\.2345678' is not an amount with at most 6 decimals/,
    },
    {
      argv: [
        'credits:adjust',
        '--account',
        'nobody@example.com',
        '--amount',
        '1',
        '--reason',
        'r',
        '--idempotency-key',
        'short',
      ],
      rule: /^error: .*(No account|not found)/i,
    },
    { argv: ['accounts:create', '--email', 'not-an-email'], rule: /^error: .*valid email.*\n$/ },
  ])('refuses $argv with the rule it broke and exit code 1', async ({ argv, rule, help }) => {
    const run = await main(...argv);
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err.join('')).toMatch(rule);
    if (!help) expect(run.err.join('')).toMatch(/Run 'vipcloud --help'|^error: /);
    expectWholeLines(run);
  });

  it('refuses an idempotency key shorter than 8 characters', async () => {
    const run = await main(
      'credits:adjust',
      '--account',
      'ops@example.com',
      '--amount',
      '1',
      '--reason',
      'r',
      '--idempotency-key',
      'short',
    );
    expect(run.code).toBe(1);
    expect(run.err.join('')).toMatch(
      /^error: The idempotency key must be 8 to 100 letters, digits or \._:- characters\.\n$/,
    );
  });

  it('exits 0 when the ledger is consistent and 2 when it has drifted', async () => {
    const ok = await main('credits:reconcile');
    expect(ok).toEqual({ code: 0, out: ['ledger consistent\n'], err: [] });
    await main(
      'credits:adjust',
      '--account',
      'ops@example.com',
      '--amount',
      '3',
      '--reason',
      'drift test',
      '--idempotency-key',
      'drift-test-1',
    );
    const ds = new DataSource(buildDataSourceOptions(config, SCHEMA));
    await ds.initialize();
    try {
      await ds.query('UPDATE credit_balances SET balance_micros = balance_micros + 1');
      const drifted = await main('credits:reconcile');
      expect(drifted.code).toBe(2);
      expect(drifted.out.join('')).toMatch(/^DRIFT .*\n1 account\(s\) drifted\n$/);
      expectWholeLines(drifted);
      await ds.query('UPDATE credit_balances SET balance_micros = balance_micros - 1');
    } finally {
      await ds.destroy();
    }
    expect((await main('credits:reconcile')).code).toBe(0);
  });

  it('starts no timer, HTTP server, GraphQL schema or queue consumer', async () => {
    // With Redis as well in the MariaDB mode: the CLI must not become a BullMQ worker.
    const cliConfig =
      mode === 'sqlite'
        ? config
        : new AppConfig({ ...env, REDIS_URL: services.redisUrl(), REDIS_KEY_PREFIX: `vccli${Date.now()}` });
    const intervals = jest.spyOn(global, 'setInterval');
    try {
      const out: string[] = [];
      const booted = await bootCli(cliConfig, { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
      try {
        expect(booted.app.get(JobScheduler).scheduled()).toEqual([]);
        const queue = booted.app.get(JobQueue);
        if (queue instanceof BullMqJobQueue) expect((queue as unknown as { workers: unknown[] }).workers).toEqual([]);
        else expect(mode).toBe('sqlite');
        expect(() => booted.app.get(HttpAdapterHost, { strict: false }).httpAdapter.getHttpServer()).toThrow();
        expect(() => booted.app.get(GraphQLSchemaHost, { strict: false })).toThrow();
      } finally {
        await booted.app.close();
      }
      expect(await runCli(['credits:release-stale-holds'], cliConfig, (l) => out.push(l))).toBe(0);
      expect(out).toEqual(['0 stale hold(s) released']);
      expect(intervals).not.toHaveBeenCalled();
    } finally {
      intervals.mockRestore();
    }
    // The same test would see a long-running role's schedules: billing three (a fourth, the payment
    // backfill, only where a processor key is set), legal one, and privacy's retention scheduler one per
    // retention rule of every lib.
    // That role reads the legal manifest.
    const workerConfig = new AppConfig({ ...env, LEGAL_MANIFEST_PATH: defaultLegalManifestPath() });
    const worker = await NestFactory.createApplicationContext(AppModule.forRoot(workerConfig, 'worker'), {
      logger: false,
      abortOnError: false,
    });
    try {
      expect([...worker.get(JobScheduler).scheduled()].sort()).toEqual([
        'billing.drain-settlements',
        'billing.reconcile',
        'billing.release-stale-holds',
        'gateway.key-sharing',
        'legal.announce',
        'retention.abuse.cases',
        'retention.abuse.signals',
        'retention.accounts.closed-accounts',
        'retention.accounts.pending-email-changes',
        'retention.accounts.sessions',
        'retention.billing.records',
        'retention.billing.settlement-records',
        'retention.gateway.request-metadata',
        'retention.privacy.data-exports',
        'retention.privacy.debug-captures',
        'retention.privacy.rights-requests',
      ]);
    } finally {
      await worker.close();
    }
  });

  if (mode === 'sqlite') {
    it('exits with the code the real process entry sets, writing the broken rule to stderr', () => {
      // One child only: compiling the tree on the fly is the slow part of this test.
      const bad = spawnSync(
        process.execPath,
        [
          ...FROM_SOURCE_ARGS,
          join(ROOT, 'apps/api/src/cli.ts'),
          'users:promote',
          '--email',
          'ops@example.com',
          '--role',
          'root',
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: sourceProcessEnv(env),
          timeout: 110_000,
        },
      );
      expect(bad.status).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(
        /^error: option '--role <role>' argument 'root' is invalid\. The role must be one of user, support, admin\.\n/,
      );
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }, 120_000);
  }
});

describe('operator CLI without a reachable database', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vc-cli-nodb-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function main(argv: string[], loadConfig: () => AppConfig): Promise<Run & { ms: number }> {
    const run = { code: -1, out: [] as string[], err: [] as string[], ms: 0 };
    const started = Date.now();
    run.code = await cliMain(argv, loadConfig, { stdout: (t) => run.out.push(t), stderr: (t) => run.err.push(t) });
    run.ms = Date.now() - started;
    return run;
  }

  it('answers help and broken rules without connecting, however the database is configured', async () => {
    // Nothing listens on port 1: a connection attempt would fail (after retries), not answer.
    const unreachable = () => new AppConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:1/x', LOG_LEVEL: 'silent' });
    const help = await main(['--help'], unreachable);
    expect(help.code).toBe(0);
    expect(help.out.join('')).toMatch(/^Usage: vipcloud <command> \[options\]\n/);
    expect(help.ms).toBeLessThan(2_000);
    const own = await main(['keys:create', '--help'], unreachable);
    expect(own.code).toBe(0);
    expect(own.out.join('')).toMatch(/^Usage: vipcloud keys:create --account <id-or-email>/);
    for (const argv of [
      ['acounts:list'],
      ['accounts:create'],
      ['accounts:list', '--verbose'],
      ['users:promote', '--email', 'a@example.com', '--role', 'root'],
    ]) {
      const typo = await main(argv, unreachable);
      expect(typo.code).toBe(1);
      expect(typo.out).toEqual([]);
      expect(typo.err.join('')).toMatch(/^error: /);
      expect(typo.ms).toBeLessThan(2_000);
    }
  });

  it('answers help with a broken environment, which a command then reports', async () => {
    const broken = () => {
      throw new ConfigError('Invalid configuration:\n✖ PORT: not a port');
    };
    expect((await main(['--help'], broken)).code).toBe(0);
    expect((await main(['acounts:list'], broken)).code).toBe(1);
    const run = await main(['accounts:list'], broken);
    expect(run.code).toBe(1);
    expect(run.err.join('')).toBe('error: Invalid configuration:\n✖ PORT: not a port\n');
  });

  it('creates no SQLite data directory for help or a typo', async () => {
    const dataDir = join(dir, 'data');
    const sqlite = () => new AppConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect((await main(['--help'], sqlite)).code).toBe(0);
    expect((await main([], sqlite)).code).toBe(1);
    expect((await main(['acounts:list'], sqlite)).code).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
    // A command that runs does open it.
    expect((await main(['accounts:list'], sqlite)).code).toBe(0);
    expect(existsSync(dataDir)).toBe(true);
  });
});
