import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    new AppConfig(env);
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
      expect(config.modelCatalogPath).toBeUndefined();
      expect(config.upstreamConnectTimeoutMs).toBe(10_000);
      expect(config.upstreamHeadersTimeoutMs).toBe(600_000);
      expect(config.upstreamIdleTimeoutMs).toBe(120_000);
      expect(config.routeCooldownMs).toBe(60_000);
      expect(config.routeTransientCooldownMs).toBe(5_000);
      expect(config.apiKeyCacheTtlMs).toBe(5_000);
    });

    it('configures no provider', () => {
      expect(config.providers).toEqual([]);
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
      API_KEY_CACHE_TTL_MS: '250',
      TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(config.isProduction).toBe(true);
    expect(config.tokenEncryptionKeys.map((k) => k.id)).toEqual(['k1']);
    expect(config.port).toBe(8080);
    expect(config.trustedProxies).toEqual(['loopback', '10.0.0.0/8']);
    expect(config.databaseUrl).toBe('mariadb://u:p@db:3306/vipcloud');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.apiKeyCacheTtlMs).toBe(250);
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

  it('rejects a non-positive timeout', () => {
    expect(() => new AppConfig({ UPSTREAM_IDLE_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });

  describe('providers', () => {
    it('splits comma-separated keys and uses the default DeepSeek host', () => {
      const config = new AppConfig({ DEEPSEEK_API_KEY: 'a, b' });
      expect(config.providers).toEqual([{ id: 'deepseek', baseUrl: 'https://api.deepseek.com', apiKeys: ['a', 'b'] }]);
    });

    it('ignores empty entries in a key list and a key list with only commas', () => {
      const config = new AppConfig({ DEEPSEEK_API_KEY: ' ,a,, ', MOONSHOT_API_KEY: ' , ' });
      expect(config.providers).toEqual([{ id: 'deepseek', baseUrl: 'https://api.deepseek.com', apiKeys: ['a'] }]);
    });

    it('uses each provider default host', () => {
      const config = new AppConfig({
        MOONSHOT_API_KEY: 'k',
        MOONSHOT_CN_API_KEY: 'k',
        ZHIPU_API_KEY: 'k',
        ZAI_API_KEY: 'k',
        MINIMAX_API_KEY: 'k',
        MINIMAX_CN_API_KEY: 'k',
      });
      expect(Object.fromEntries(config.providers.map((p) => [p.id, p.baseUrl]))).toEqual({
        moonshot: 'https://api.moonshot.ai/v1',
        'moonshot-cn': 'https://api.moonshot.cn/v1',
        zhipu: 'https://open.bigmodel.cn/api/paas/v4',
        zai: 'https://api.z.ai/api/paas/v4',
        minimax: 'https://api.minimax.io/v1',
        'minimax-cn': 'https://api.minimaxi.com/v1',
      });
    });

    it('configures an OpenAI-compatible server with a base URL but no key, with one empty key', () => {
      const config = new AppConfig({ OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1' });
      expect(config.providers).toEqual([{ id: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', apiKeys: [''] }]);
    });

    it('requires a base URL for an OpenAI-compatible key', () => {
      const err = configError({ OPENAI_COMPATIBLE_API_KEY: 'sk-x' });
      expect(err.message).toBe('OPENAI_COMPATIBLE_BASE_URL is required when OPENAI_COMPATIBLE_API_KEY is set');
    });

    it('trims trailing slashes from base URLs', () => {
      const config = new AppConfig({
        DEEPSEEK_API_KEY: 'k',
        DEEPSEEK_BASE_URL: 'https://proxy.example.com/deepseek///',
        OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:8000/v1/',
        OPENAI_COMPATIBLE_API_KEY: 'sk-local',
      });
      expect(config.providers).toEqual([
        { id: 'deepseek', baseUrl: 'https://proxy.example.com/deepseek', apiKeys: ['k'] },
        { id: 'openai-compatible', baseUrl: 'http://localhost:8000/v1', apiKeys: ['sk-local'] },
      ]);
    });

    it('rejects a base URL that is not http(s)', () => {
      const err = configError({ DEEPSEEK_API_KEY: 'k', DEEPSEEK_BASE_URL: 'ftp://example.com' });
      expect(err.message).toBe('DEEPSEEK_BASE_URL must be an http(s) URL');
    });

    it('ignores a base URL for a provider that has no key', () => {
      expect(new AppConfig({ DEEPSEEK_BASE_URL: 'https://proxy.example.com' }).providers).toEqual([]);
    });
  });
});

describe('AppConfig with empty variables', () => {
  it('treats an empty value as unset', () => {
    const config = new AppConfig({ PORT: '', DATABASE_URL: '', OPENAI_COMPATIBLE_BASE_URL: '  ' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.providers).toEqual([]);
  });
});

describe('AppConfig token encryption keys', () => {
  it('requires keys in production, with a message that says how to make one', () => {
    expect(() => new AppConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://x.example' })).toThrow(/TOKEN_ENCRYPTION_KEYS is required in production/);
  });

  it('requires an https PUBLIC_URL in production', () => {
    const keys = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => new AppConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: keys })).toThrow(/PUBLIC_URL must be an https/);
    expect(new AppConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: keys, PUBLIC_URL: 'https://vipcloud.ai/' }).publicUrl).toBe('https://vipcloud.ai');
  });

  it('rejects malformed keys at start-up', () => {
    expect(() => new AppConfig({ TOKEN_ENCRYPTION_KEYS: 'k1:short' })).toThrow(/TOKEN_ENCRYPTION_KEYS: key k1 must be 32 bytes/);
  });

  it('makes and then reuses a development key under DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-keys-'));
    const first = new AppConfig({ DATA_DIR: dir }).tokenEncryptionKeys;
    const again = new AppConfig({ DATA_DIR: dir }).tokenEncryptionKeys;
    expect(first[0].key.equals(again[0].key)).toBe(true);
    expect(statSync(`${dir}/token-encryption.key`).mode & 0o777).toBe(0o600);
  });
});

describe('AppConfig sign-in providers', () => {
  it('offers no provider without a client id', () => {
    expect(new AppConfig({}).oauthProviders).toEqual([]);
  });

  it('requires the secret once a client id is set, and validates URLs', () => {
    expect(() => new AppConfig({ GITHUB_CLIENT_ID: 'id' })).toThrow(/GITHUB_CLIENT_SECRET is required/);
    expect(() => new AppConfig({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's', GOOGLE_TOKEN_URL: 'ftp://x' })).toThrow(/GOOGLE_TOKEN_URL must be an http/);
  });

  it('derives the callback URL from PUBLIC_URL', () => {
    const [github] = new AppConfig({ PUBLIC_URL: 'http://localhost:4000/', GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 's' }).oauthProviders;
    expect(github).toMatchObject({ provider: 'github', clientId: 'id', callbackUrl: 'http://localhost:4000/auth/github/callback' });
  });
});

describe('AppConfig PUBLIC_URL', () => {
  it('allows plain http only for localhost development', () => {
    expect(new AppConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).secureCookies).toBe(false);
    expect(new AppConfig({ PUBLIC_URL: 'http://localhost' }).secureCookies).toBe(false);
    expect(() => new AppConfig({ PUBLIC_URL: 'http://staging.example.com' })).toThrow(/plain http is only for localhost/);
    expect(new AppConfig({ PUBLIC_URL: 'https://staging.example.com' }).secureCookies).toBe(true);
  });
});
