/** The operator CLI, against a real database in each mode: keys are shown once and stored hashed. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@vipcloud/platform';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@vipcloud/platform';
import { runCli } from '../src/cli.runner';
import { SCHEMA } from '../src/schema';
import { createMysqlDatabase, MODES } from './support/gateway-harness';

describe.each(MODES)('operator CLI (%s)', (mode) => {
  let config: AppConfig;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-cli-'));
    if (mode === 'sqlite') {
      config = new AppConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createMysqlDatabase();
      config = new AppConfig({ DATA_DIR: dir, DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
      cleanup = db.drop;
    }
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

    await cli('keys:create', '--account', 'ops@example.com', '--expires', '2099-01-01T00:00:00Z', '--models', 'deepseek-flash, kimi-k3');
    expect((await cli('keys:list')).join('\n')).toMatch(/expires 2099-01-01T00:00:00.000Z\tdeepseek-flash,kimi-k3/);
    await expect(cli('keys:create', '--account', 'ops@example.com', '--expires', 'soon')).rejects.toThrow(/not a date/);
    expect((await cli('keys:list')).join('\n')).toMatch(/\trevoked /);
  });

  it('promotes a user to a role, and refuses an unknown role', async () => {
    expect((await cli('users:promote', '--email', 'ops@example.com', '--role', 'admin'))[0]).toMatch(/is now admin$/);
    expect((await cli('accounts:list')).join('\n')).toMatch(/ops@example\.com\tactive\tadmin/);
    await expect(cli('users:promote', '--email', 'ops@example.com', '--role', 'root')).rejects.toThrow(/must be one of user, support, admin/);
  });

  it('refuses a duplicate account and an unknown key with a clear error', async () => {
    await expect(cli('accounts:create', '--email', 'ops@example.com')).rejects.toThrow(/already exists/);
    await expect(cli('keys:revoke', 'vc-nothing')).rejects.toThrow(/No API key matches/);
    await expect(cli('accounts:create', '--email', 'not-an-email')).rejects.toThrow(/valid email/);
  });
});
