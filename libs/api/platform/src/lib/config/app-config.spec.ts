import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppConfig, chooseLogFormat, ConfigError } from './app-config';
import { ConfigFragment, defineConfig } from './config-fragment';

function configError(env: Record<string, string | undefined>, fragments: ConfigFragment<unknown>[] = []): ConfigError {
  try {
    new AppConfig(env, fragments);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig', () => {
  describe('with an empty environment', () => {
    const config = new AppConfig({});

    it('uses the documented defaults', () => {
      expect(config.nodeEnv).toBe('development');
      expect(config.isProduction).toBe(false);
      expect(config.host).toBe('0.0.0.0');
      expect(config.port).toBe(3000);
      expect(config.dataDir).toBe(resolve('./data'));
      expect(config.databaseUrl).toBeUndefined();
      expect(config.redisUrl).toBeUndefined();
      expect(config.redisKeyPrefix).toBe('vipcloud');
      expect(config.logLevel).toBe('info');
      expect(config.logDestination).toBe('stdout');
      expect(config.bodyLimitBytes).toBe(10 * 1024 * 1024);
      expect(config.trustedProxies).toEqual([]);
    });
  });

  it('reads numbers, lists and production mode from strings', () => {
    const config = new AppConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://vipcloud.example/',
      PORT: '8080',
      TRUSTED_PROXIES: ' loopback, 10.0.0.0/8 ,,',
      DATABASE_URL: 'mariadb://u:p@db:3306/vipcloud',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(config.isProduction).toBe(true);
    expect(config.tokenEncryptionKeys.map((k) => k.id)).toEqual(['k1']);
    expect(config.port).toBe(8080);
    expect(config.trustedProxies).toEqual(['loopback', '10.0.0.0/8']);
    expect(config.databaseUrl).toBe('mariadb://u:p@db:3306/vipcloud');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(new AppConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it.each([['not-a-number'], ['70000'], ['-1'], ['80.5']])('rejects PORT=%j with a ConfigError naming PORT', (port) => {
    const err = configError({ PORT: port });
    expect(err.name).toBe('ConfigError');
    expect(err.message).toMatch(/^Invalid configuration:/);
    expect(err.message).toContain('PORT');
  });

  it('rejects a DATABASE_URL that is not mysql:// or mariadb://', () => {
    const err = configError({ DATABASE_URL: 'postgres://localhost/db' });
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('DATABASE_URL must be a mysql:// or mariadb:// URL');
  });

  it('rejects an unreadable BODY_LIMIT', () => {
    const err = configError({ BODY_LIMIT: 'lots' });
    expect(err.message).toContain('BODY_LIMIT');
    expect(err.message).toContain('a size such as 10mb, 512kb or 1048576');
  });

  it.each([
    ['512kb', 524288],
    ['512KB', 524288],
    ['10mb', 10 * 1024 * 1024],
    ['1048576', 1048576],
    ['100b', 100],
  ])('reads BODY_LIMIT=%j as %d bytes', (value, bytes) => {
    expect(new AppConfig({ BODY_LIMIT: value }).bodyLimitBytes).toBe(bytes);
  });
});

describe('AppConfig token encryption keys', () => {
  it('requires keys in production, with a message that says how to make one', () => {
    expect(() => new AppConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://x.example' })).toThrow(
      /TOKEN_ENCRYPTION_KEYS is required in production/,
    );
  });

  it('requires an https PUBLIC_URL in production', () => {
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => new AppConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: keys })).toThrow(
      /PUBLIC_URL must be an https/,
    );
    expect(
      new AppConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: keys, PUBLIC_URL: 'https://vipcloud.ai/' })
        .publicUrl,
    ).toBe('https://vipcloud.ai');
  });

  it('rejects malformed keys at start-up', () => {
    expect(() => new AppConfig({ TOKEN_ENCRYPTION_KEYS: 'k1:short' })).toThrow(
      /TOKEN_ENCRYPTION_KEYS: key k1 must be 32 bytes/,
    );
  });

  it('makes and then reuses a development key under DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-keys-'));
    const first = new AppConfig({ DATA_DIR: dir }).tokenEncryptionKeys;
    const again = new AppConfig({ DATA_DIR: dir }).tokenEncryptionKeys;
    expect(first[0].key.equals(again[0].key)).toBe(true);
    expect(statSync(`${dir}/token-encryption.key`).mode & 0o777).toBe(0o600);
  });
});

describe('AppConfig PUBLIC_URL', () => {
  it('allows plain http only for localhost development', () => {
    expect(new AppConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).secureCookies).toBe(false);
    expect(new AppConfig({ PUBLIC_URL: 'http://localhost' }).secureCookies).toBe(false);
    expect(() => new AppConfig({ PUBLIC_URL: 'http://staging.example.com' })).toThrow(
      /plain http is only for localhost/,
    );
    expect(new AppConfig({ PUBLIC_URL: 'https://staging.example.com' }).secureCookies).toBe(true);
  });
});

describe('settings fragments', () => {
  const first = defineConfig('first', { FIRST_LIMIT: z.coerce.number().int().positive().default(5) }, (v) => ({
    limit: v.FIRST_LIMIT,
  }));
  const second = defineConfig('second', { SECOND_MODE: z.enum(['a', 'b']).default('a') }, (v, ctx) => {
    if (ctx.env['SECOND_NEEDS'] === 'secret' && !ctx.env['SECOND_SECRET'])
      throw new ConfigError('SECOND_SECRET is required');
    return { mode: v.SECOND_MODE, publicUrl: ctx.publicUrl };
  });

  it('validates every fragment with the platform settings at once and lists every problem', () => {
    const err = configError({ PORT: 'x', FIRST_LIMIT: '-1', SECOND_MODE: 'c' }, [first, second]);
    expect(err.message).toMatch(/PORT/);
    expect(err.message).toMatch(/FIRST_LIMIT/);
    expect(err.message).toMatch(/SECOND_MODE/);
  });

  it("reports a fragment's own rules at start-up", () => {
    expect(configError({ SECOND_NEEDS: 'secret' }, [first, second]).message).toBe('SECOND_SECRET is required');
  });

  it('gives each fragment its typed settings, read once', () => {
    const config = new AppConfig({ FIRST_LIMIT: '7', PUBLIC_URL: 'http://localhost:4000/' }, [first, second]);
    expect(config.settings(first)).toEqual({ limit: 7 });
    expect(config.settings(second)).toEqual({ mode: 'a', publicUrl: 'http://localhost:4000' });
    expect(config.settings(first)).toBe(config.settings(first));
  });

  it('reads a fragment the process did not pass when it is first asked for, naming it in errors', () => {
    const config = new AppConfig({ FIRST_LIMIT: 'many' });
    expect(() => config.settings(first)).toThrow(/Invalid configuration \(first\):[\s\S]*FIRST_LIMIT/);
    expect(new AppConfig({}).settings(first)).toEqual({ limit: 5 });
  });
});

describe('settings fragments: one owner per variable, every problem at once, nothing unchecked in production', () => {
  const limit = defineConfig('limits', { SHARED_LIMIT: z.coerce.number().default(1) }, (v) => v.SHARED_LIMIT);
  const other = defineConfig('quotas', { SHARED_LIMIT: z.coerce.number().default(2) }, (v) => v.SHARED_LIMIT);
  const strict = defineConfig('strict', { STRICT_MODE: z.enum(['on', 'off']).default('on') }, (v, ctx) => {
    if (ctx.env['STRICT_SECRET'] === undefined) throw new ConfigError('STRICT_SECRET is required');
    return v.STRICT_MODE;
  });
  const keys = `k1:${Buffer.alloc(32, 3).toString('base64')}`;

  it('refuses two fragments declaring the same variable, naming it and both owners', () => {
    const err = configError({}, [limit, other]);
    expect(err.message).toMatch(/SHARED_LIMIT is declared by both limits and quotas/);
  });

  it('refuses a fragment declaring a platform variable, naming it and both owners', () => {
    const port = defineConfig('web', { PORT: z.coerce.number().default(80) }, (v) => v.PORT);
    expect(configError({}, [port]).message).toMatch(/PORT is declared by both the platform and web/);
  });

  it('lists the PUBLIC_URL, TOKEN_ENCRYPTION_KEYS and fragment problems together', () => {
    const dev = configError({ PUBLIC_URL: 'http://staging.example.com', TOKEN_ENCRYPTION_KEYS: 'k1:short' }, [strict]);
    expect(dev.message).toMatch(/TOKEN_ENCRYPTION_KEYS: key k1 must be 32 bytes/);
    expect(dev.message).toMatch(/plain http is only for localhost/);
    expect(dev.message).toMatch(/STRICT_SECRET is required/);
    const prod = configError({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost' }, [strict, limit, other]);
    expect(prod.message).toMatch(/TOKEN_ENCRYPTION_KEYS is required in production/);
    expect(prod.message).toMatch(/PUBLIC_URL must be an https:\/\/ URL in production/);
    expect(prod.message).toMatch(/STRICT_SECRET is required/);
    expect(prod.message).toMatch(/SHARED_LIMIT is declared by both limits and quotas/);
  });

  it('refuses in production to read a fragment that was not validated at start-up', () => {
    const prodEnv = { NODE_ENV: 'production', PUBLIC_URL: 'https://vipcloud.example', TOKEN_ENCRYPTION_KEYS: keys };
    const config = new AppConfig(prodEnv, [limit]);
    expect(config.settings(limit)).toBe(1);
    let err: unknown;
    try {
      config.settings(other);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/quotas settings were not validated at start-up/);
    // Tests and development keep the lazy read.
    expect(new AppConfig({ NODE_ENV: 'test' }).settings(other)).toBe(2);
    expect(new AppConfig({}).settings(other)).toBe(2);
  });
});

describe('chooseLogFormat', () => {
  const person = {
    destination: 'stdout',
    nodeEnv: 'development' as const,
    stdoutIsTerminal: true,
    underTestRunner: false,
  };

  it('is pretty for a person at a development terminal, JSON for anything a program reads', () => {
    expect(chooseLogFormat('auto', person)).toBe('pretty');
    expect(chooseLogFormat('auto', { ...person, stdoutIsTerminal: false })).toBe('json');
    expect(chooseLogFormat('auto', { ...person, nodeEnv: 'production' })).toBe('json');
    expect(chooseLogFormat('auto', { ...person, nodeEnv: 'test' })).toBe('json');
    expect(chooseLogFormat('auto', { ...person, destination: '/var/log/vipcloud.log' })).toBe('json');
    expect(chooseLogFormat('auto', { ...person, underTestRunner: true })).toBe('json');
  });

  it('does what LOG_FORMAT says when it is not auto', () => {
    expect(chooseLogFormat('json', person)).toBe('json');
    expect(chooseLogFormat('pretty', { ...person, nodeEnv: 'production', stdoutIsTerminal: false })).toBe('pretty');
  });

  it('defaults to auto, which is JSON under the test runner, and refuses an unknown format', () => {
    expect(new AppConfig({}).logFormat).toBe('json');
    expect(new AppConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(configError({ LOG_FORMAT: 'fancy' }).message).toContain('LOG_FORMAT');
  });
});
