import { Inject } from '@nestjs/common';
import { ConfigError, configValues, defineConfig } from '@vipcloud/platform';

/** Upstream providers we can route to; each has `<PREFIX>_API_KEY` and `<PREFIX>_BASE_URL`. */
export const PROVIDER_ENV_PREFIXES = {
  deepseek: 'DEEPSEEK',
  moonshot: 'MOONSHOT',
  'moonshot-cn': 'MOONSHOT_CN',
  zhipu: 'ZHIPU',
  zai: 'ZAI',
  minimax: 'MINIMAX',
  'minimax-cn': 'MINIMAX_CN',
  'openai-compatible': 'OPENAI_COMPATIBLE',
} as const;

export type ProviderId = keyof typeof PROVIDER_ENV_PREFIXES;
export const PROVIDER_IDS = Object.keys(PROVIDER_ENV_PREFIXES) as ProviderId[];

/** The real upstream hosts; each is overridable with `<PREFIX>_BASE_URL`. */
const DEFAULT_BASE_URLS: Record<ProviderId, string | undefined> = {
  deepseek: 'https://api.deepseek.com',
  moonshot: 'https://api.moonshot.ai/v1',
  'moonshot-cn': 'https://api.moonshot.cn/v1',
  zhipu: 'https://open.bigmodel.cn/api/paas/v4',
  zai: 'https://api.z.ai/api/paas/v4',
  minimax: 'https://api.minimax.io/v1',
  'minimax-cn': 'https://api.minimaxi.com/v1',
  'openai-compatible': undefined,
};

export interface ProviderSettings {
  readonly id: ProviderId;
  readonly baseUrl: string;
  readonly apiKeys: readonly string[];
}

const { optionalString, positiveInt, nonNegativeInt } = configValues;

/** The gateway's settings: upstream providers, timeouts, cool-downs and caches of the /v1 path. */
export const gatewayConfig = defineConfig(
  'gateway',
  {
    MODEL_CATALOG_PATH: optionalString,
    UPSTREAM_CONNECT_TIMEOUT_MS: positiveInt(10_000),
    UPSTREAM_HEADERS_TIMEOUT_MS: positiveInt(600_000),
    /** A stream with no data event (keep-alive comments excluded) for this long is ended with an error. */
    UPSTREAM_IDLE_TIMEOUT_MS: positiveInt(120_000),
    /** A streaming caller whose socket takes nothing for this long is disconnected (its upstream is aborted). */
    STREAM_STALL_TIMEOUT_MS: positiveInt(120_000),
    /** How long a route whose credentials or balance were refused upstream is skipped. */
    ROUTE_COOLDOWN_MS: positiveInt(60_000),
    /** How long a route that was overloaded, rate limited or failed with a 5xx is skipped. */
    ROUTE_TRANSIENT_COOLDOWN_MS: positiveInt(5_000),
    /** How long an instance trusts its last read of route cool-downs (0: read the shared store every request). */
    ROUTE_STATE_CACHE_MS: nonNegativeInt(250),
    /** How long an instance trusts its last read of operators' model price edits. */
    PRICE_CACHE_MS: nonNegativeInt(5_000),
    /** Distinct client networks (/24, /48) in an hour from which one key is used before it is signalled as shared. */
    KEY_SHARING_NETWORKS: positiveInt(10),
  },
  (vars, { env }) => ({
    modelCatalogPath: vars.MODEL_CATALOG_PATH,
    upstreamConnectTimeoutMs: vars.UPSTREAM_CONNECT_TIMEOUT_MS,
    upstreamHeadersTimeoutMs: vars.UPSTREAM_HEADERS_TIMEOUT_MS,
    upstreamIdleTimeoutMs: vars.UPSTREAM_IDLE_TIMEOUT_MS,
    streamStallTimeoutMs: vars.STREAM_STALL_TIMEOUT_MS,
    routeCooldownMs: vars.ROUTE_COOLDOWN_MS,
    routeTransientCooldownMs: vars.ROUTE_TRANSIENT_COOLDOWN_MS,
    routeStateCacheMs: vars.ROUTE_STATE_CACHE_MS,
    priceCacheMs: vars.PRICE_CACHE_MS,
    keySharingNetworks: vars.KEY_SHARING_NETWORKS,
    providers: readProviders(env) as readonly ProviderSettings[],
  }),
);

export type GatewayConfig = ReturnType<typeof gatewayConfig.read>;

/** Injects the gateway's settings. */
export const InjectGatewayConfig = (): ParameterDecorator => Inject(gatewayConfig.token);

/** Providers are named by their variables (`<PREFIX>_API_KEY`, comma-separated keys become several routes). */
function readProviders(env: Readonly<Record<string, string>>): ProviderSettings[] {
  const out: ProviderSettings[] = [];
  for (const id of PROVIDER_IDS) {
    const prefix = PROVIDER_ENV_PREFIXES[id];
    const keys = (env[`${prefix}_API_KEY`] ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
    const baseUrl = env[`${prefix}_BASE_URL`]?.trim() || DEFAULT_BASE_URLS[id];
    if (keys.length === 0) {
      // Self-hosted OpenAI-compatible servers (Ollama, vLLM) often need no key at all.
      if (id === 'openai-compatible' && env[`${prefix}_BASE_URL`]) keys.push('');
      else continue;
    }
    if (!baseUrl) throw new ConfigError(`${prefix}_BASE_URL is required when ${prefix}_API_KEY is set`);
    if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError(`${prefix}_BASE_URL must be an http(s) URL`);
    out.push({ id, baseUrl: baseUrl.replace(/\/+$/, ''), apiKeys: keys });
  }
  return out;
}
