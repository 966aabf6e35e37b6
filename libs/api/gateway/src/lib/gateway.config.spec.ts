import { AppConfig, ConfigError } from '@vipcloud/platform';
import { gatewayConfig } from './gateway.config';

const settingsOf = (env: Record<string, string>) => new AppConfig(env, [gatewayConfig]).settings(gatewayConfig);

function configError(env: Record<string, string>): ConfigError {
  try {
    settingsOf(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway settings', () => {
  it('uses the documented defaults and configures no provider', () => {
    expect(settingsOf({})).toEqual({
      modelCatalogPath: undefined,
      upstreamConnectTimeoutMs: 10_000,
      upstreamHeadersTimeoutMs: 600_000,
      upstreamIdleTimeoutMs: 120_000,
      streamStallTimeoutMs: 120_000,
      routeCooldownMs: 60_000,
      routeTransientCooldownMs: 5_000,
      routeStateCacheMs: 250,
      priceCacheMs: 5_000,
      keySharingNetworks: 10,
      providers: [],
    });
  });

  it('rejects a non-positive timeout', () => {
    expect(() => settingsOf({ UPSTREAM_IDLE_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });

  describe('providers', () => {
    it('splits comma-separated keys and uses the default DeepSeek host', () => {
      const config = settingsOf({ DEEPSEEK_API_KEY: 'a, b' });
      expect(config.providers).toEqual([{ id: 'deepseek', baseUrl: 'https://api.deepseek.com', apiKeys: ['a', 'b'] }]);
    });

    it('ignores empty entries in a key list and a key list with only commas', () => {
      const config = settingsOf({ DEEPSEEK_API_KEY: ' ,a,, ', MOONSHOT_API_KEY: ' , ' });
      expect(config.providers).toEqual([{ id: 'deepseek', baseUrl: 'https://api.deepseek.com', apiKeys: ['a'] }]);
    });

    it('uses each provider default host', () => {
      const config = settingsOf({
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
      const config = settingsOf({ OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1' });
      expect(config.providers).toEqual([
        { id: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', apiKeys: [''] },
      ]);
    });

    it('requires a base URL for an OpenAI-compatible key', () => {
      const err = configError({ OPENAI_COMPATIBLE_API_KEY: 'sk-x' });
      expect(err.message).toBe('OPENAI_COMPATIBLE_BASE_URL is required when OPENAI_COMPATIBLE_API_KEY is set');
    });

    it('trims trailing slashes from base URLs', () => {
      const config = settingsOf({
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
      expect(settingsOf({ DEEPSEEK_BASE_URL: 'https://proxy.example.com' }).providers).toEqual([]);
    });
  });

  it('treats an empty value as unset', () => {
    const config = settingsOf({ OPENAI_COMPATIBLE_BASE_URL: '  ', UPSTREAM_IDLE_TIMEOUT_MS: '' });
    expect(config.upstreamIdleTimeoutMs).toBe(120_000);
    expect(config.providers).toEqual([]);
  });
});
